//! Headroom's binary: in the browser it mounts the app; natively it is the
//! command-line front of the same engine.

// The page allocates and frees in bursts (a 1,000-component drawing builds
// its DOM in one task): Talc answers those faster than Rust's default wasm
// allocator, dlmalloc, which the first drawing's profile found spending a
// tenth of the task in malloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    headroom::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(headroom::cli::run(std::env::args().skip(1).collect()));
}
