//! The page's long panels, mounted one after another once the drawing is
//! on screen: on a 1,000-component model they hold 90,000 elements, which
//! built together would keep the drawing (and the dial) waiting seconds.
//! Each panel is built in a task of its own, in page order, so a key or a
//! dial step between two of them is answered at once.

use std::time::Duration;

use leptos::prelude::*;

/// How many of the staged panels are mounted.
#[derive(Clone, Copy)]
pub struct Stages {
    mounted: RwSignal<usize>,
    count: usize,
}

impl Stages {
    /// `count` panels, the first mounted after the next frame has painted.
    pub fn start(count: usize) -> Stages {
        let stages = Stages { mounted: RwSignal::new(0), count };
        request_animation_frame(move || stages.advance());
        stages
    }

    /// Mounts the next panel in a task after this one.
    fn advance(self) {
        set_timeout(
            move || {
                self.mounted.update(|n| *n += 1);
                if self.mounted.get_untracked() < self.count {
                    self.advance();
                }
            },
            Duration::ZERO,
        );
    }
}

/// Its children once the `at`-th panel's turn has come.
#[component]
pub fn Staged(stages: Stages, at: usize, children: ChildrenFn) -> impl IntoView {
    view! { <Show when=move || { stages.mounted.get() > at }>{children()}</Show> }
}
