//! The command line: the same engine without the page, for scripts, the
//! browser tests' expectations and quick checks of a saved document.
//!
//! ```text
//! headroom report [--sample | --template ID | FILE] [--growth G]   print the report as JSON
//! headroom validate FILE                           check a document
//! ```

use serde::Serialize;

use crate::engine::{self, Report};
use crate::formats::headline::headline;
use crate::formats::json::parse_document;
use crate::formats::results_table::{result_rows, ResultRow};
use crate::model::{mvp_that_creaks, Document};

const USAGE: &str = "usage:
  headroom report [--sample | --template ID | FILE] [--growth G]   print the report as JSON
  headroom validate FILE                           check a document
Headroom itself runs in the browser: see README.md.";

#[derive(Serialize)]
struct ReportOutput<'a> {
    growth: f64,
    headline: String,
    components: Vec<ResultRow>,
    report: &'a Report,
    extractions: Vec<crate::engine::ExtractionVerdict>,
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
    let mut template = None;
    let mut growth = None;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--sample" => sample = true,
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
            "-h" | "--help" => return Ok(USAGE.to_owned()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}\n{USAGE}")),
            other => file = Some(other.to_owned()),
        }
    }
    let load = || -> Result<Document, String> {
        if let Some(id) = &template {
            let found = crate::model::templates::template(id).ok_or_else(|| {
                let ids: Vec<&str> = crate::model::templates::TEMPLATES.iter().map(|t| t.id).collect();
                format!("no template {id:?}; there are {}", ids.join(", "))
            })?;
            return Ok((found.build)());
        }
        match (&file, sample) {
            (Some(path), false) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|error| format!("cannot read {path}: {error}"))?;
                parse_document(&text).map_err(|error| format!("{path}: {error}"))
            }
            (None, true) => Ok(mvp_that_creaks()),
            _ => Err(format!("give either --sample or one FILE\n{USAGE}")),
        }
    };
    match command.as_str() {
        "report" => {
            let mut doc = load()?;
            if let Some(growth) = growth {
                doc.scenario.growth = growth;
            }
            let analysis = engine::Analysis::new(&doc);
            let report = analysis.report_at(doc.scenario.growth);
            let extractions = analysis.extraction_verdicts(doc.scenario.growth);
            let output = ReportOutput {
                extractions,
                growth: report.growth,
                headline: headline(&doc, &report),
                components: result_rows(&doc, &report),
                report: &report,
            };
            serde_json::to_string_pretty(&output).map_err(|error| error.to_string())
        }
        "validate" => {
            let doc = load()?;
            Ok(format!(
                "ok: {} components, {} dependencies",
                doc.components.len(),
                doc.dependencies.len()
            ))
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
    fn report_prints_the_headline_for_the_sample() {
        let output = run_args(&["report", "--sample", "--growth", "10"]).unwrap();
        let value: serde_json::Value = serde_json::from_str(&output).unwrap();
        assert_eq!(value["growth"], 10.0);
        assert!(value["headline"].as_str().unwrap().starts_with("Over capacity at 10×"));
        assert_eq!(value["components"].as_array().unwrap().len(), 6);
    }

    #[test]
    fn bad_arguments_are_explained() {
        assert_eq!(run_args(&["report", "--sample", "--growth", "-2"]).unwrap_err(),
                   "--growth must be greater than 0, got -2");
        assert!(run_args(&["report"]).unwrap_err().starts_with("give either --sample or one FILE"));
        assert!(run_args(&["frobnicate"]).unwrap_err().starts_with("unknown command"));
        assert!(run_args(&["validate", "/nonexistent.json"]).unwrap_err().starts_with("cannot read"));
    }
}
