//! Headroom's binary: in the browser it mounts the app; natively it is the
//! command-line front of the same engine.

#[cfg(target_arch = "wasm32")]
fn main() {
    headroom::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(headroom::cli::run(std::env::args().skip(1).collect()));
}
