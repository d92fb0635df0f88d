//! The page's service worker (`web/service-worker.js`, written into the
//! build as `sw.js`): registering it, so that after one visit the page
//! opens with no network, and noticing a new deploy, so the user is asked
//! to reload instead of running a page whose files come from two builds.
//!
//! The worker serves every file from its own build's cache. A newer build's
//! worker installs beside it and waits; [`start`] calls `on_update_ready`
//! then, and [`reload_into_new_version`] hands the page over to it.

use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// Where the build writes the worker, beside index.html: its scope is the
/// folder the page is served from, whatever the sub-path.
const WORKER_URL: &str = "sw.js";

/// How often an open page asks whether a new build was deployed (besides
/// every load and every time the page is shown again): a workshop tab can
/// stay open all day.
const CHECK_EVERY: Duration = Duration::from_secs(30 * 60);

/// The browser's service workers, where it has them (not in an insecure
/// context, nor in some private windows).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .is_ok_and(|value| !value.is_undefined() && !value.is_null());
    present.then(|| navigator.service_worker())
}

/// Registers the worker and calls `on_update_ready` once a newer build's
/// worker is installed and waiting. Does nothing where the browser has no
/// service workers or the page was built without one (`trunk serve`).
pub fn start(on_update_ready: impl Fn() + 'static) {
    let Some(container) = container() else { return };
    let on_update_ready: Rc<dyn Fn()> = Rc::new(on_update_ready);
    let registering = container.register(WORKER_URL);
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(registering).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        // A page controlled by an older worker while a newer one already
        // waits (it was installed during an earlier visit).
        if registration.waiting().is_some() && container.controller().is_some() {
            on_update_ready();
        }
        watch_for_updates(&registration, on_update_ready);
        check_from_time_to_time(registration);
    });
}

/// Calls `on_update_ready` when a worker found by an update check has
/// installed. The first install of all (no page controlled yet) is not an
/// update.
fn watch_for_updates(registration: &ServiceWorkerRegistration, on_update_ready: Rc<dyn Fn()>) {
    let watched = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        let Some(worker) = watched.installing() else { return };
        let installing = worker.clone();
        let on_update_ready = Rc::clone(&on_update_ready);
        let on_state_change = Closure::<dyn Fn()>::new(move || {
            let replaces_one = container().is_some_and(|c| c.controller().is_some());
            if installing.state() == ServiceWorkerState::Installed && replaces_one {
                on_update_ready();
            }
        });
        worker.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
        // The worker object lives as long as the page; so does its handler.
        on_state_change.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// Asks for a new build every [`CHECK_EVERY`] and whenever the page is
/// shown again. A failed check (offline) is simply tried again later.
fn check_from_time_to_time(registration: ServiceWorkerRegistration) {
    let periodic = registration.clone();
    let check = Closure::<dyn Fn()>::new(move || ask_for_new_build(&periodic));
    if let Some(window) = web_sys::window() {
        let every_ms = i32::try_from(CHECK_EVERY.as_millis()).unwrap_or(i32::MAX);
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            every_ms,
        );
    }
    check.forget();
    // Kept for the page's life: dropping the handle leaves the listener on.
    let _shown_again = leptos::prelude::window_event_listener_untyped("visibilitychange", move |_| {
        let visible = web_sys::window().and_then(|w| w.document()).is_some_and(|d| !d.hidden());
        if visible {
            ask_for_new_build(&registration);
        }
    });
}

/// One update check. Its failure (no network, a host that is down) is
/// awaited and dropped: it is no error of the page's.
fn ask_for_new_build(registration: &ServiceWorkerRegistration) {
    if let Ok(checking) = registration.update() {
        spawn_local(async move {
            let _ = JsFuture::from(checking).await;
        });
    }
}

/// Hands the page to the waiting worker and reloads once it is in control,
/// so every file comes from the new build. Reloads at once when no worker
/// waits.
pub fn reload_into_new_version() {
    let reload = || {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    let Some(container) = container() else {
        reload();
        return;
    };
    let on_controller_change = Closure::<dyn Fn()>::new(reload);
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();
    let asking = container.get_registration();
    spawn_local(async move {
        let waiting = JsFuture::from(asking)
            .await
            .ok()
            .and_then(|registration| registration.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|registration| registration.waiting());
        match waiting {
            Some(worker) => {
                if worker.post_message(&JsValue::from_str("skip-waiting")).is_err() {
                    reload();
                }
            }
            None => reload(),
        }
    });
}
