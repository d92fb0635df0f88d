//! The document: components, dependencies and the scenario they are judged
//! under. This is the saved, undoable input state; every report is derived
//! from it by `engine` and never stored beside it.
//!
//! A `Document` that exists in memory has passed [`Document::validate`]:
//! the only ways to obtain one are the parsers in `files` and the samples
//! here, and both validate.

pub mod bounds;
pub mod command;
mod component;
pub mod decision;
mod dependency;
mod document;
pub mod field_path;
pub mod history;
mod migration;
mod ids;
mod kind;
mod observation;
mod option;
mod position_cache;
pub mod readiness;
mod sample;
mod scenario;
mod settings;
pub mod shares;
pub mod suspicion;
pub mod templates;
mod validation;

pub use command::{apply, Command, EditError};
pub use component::{Component, Point};
pub use history::History;
pub use dependency::{CallKind, CallMode, Dependency, Routing};
pub use document::{Document, SCHEMA_VERSION};
pub use ids::{ComponentId, DependencyId};
pub use kind::ComponentKind;
pub use migration::{Migration, MigrationStep, DEFAULT_SHARES};
pub use observation::{Observation, ObservationBasis};
pub use option::DesignOption;
pub use position_cache::PositionCache;
pub use sample::mvp_that_creaks;
#[cfg(test)]
pub use sample::mvp_with_more_connections_option;
pub use scenario::{EntryPoint, FailureSizes, GrowthOverride, LatencyObjective, Scenario, ServiceOverhead, DIURNAL_PROFILE};
pub use settings::{
    CachePolicy, DatabaseSettings, FunctionSettings, Invalidation, ModuleSettings, PoolerSettings,
    WritePolicy,
};
pub use suspicion::{suspicions, Suspicion};
pub use validation::{FieldError, ValidationErrors};
