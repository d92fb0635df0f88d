//! The viewport: which part of the canvas the screen shows and how large.
//! Pure maths — screen ↔ canvas conversion, panning, zooming about a point,
//! fitting a drawing — so the page only measures its element and draws the
//! `viewBox` this module computes.
//!
//! Screen points are CSS pixels from the canvas element's top-left corner;
//! canvas points are the drawing's own units (a box is 220 × 150).
//! The viewport is session state: never saved, never an undo step.

use crate::editor::view::layout::Bounds;
use crate::model::Point;

/// The smallest zoom: a 200-box drawing fits a laptop screen.
pub const MIN_ZOOM: f64 = 0.1;
/// The largest zoom: one box fills a projector.
pub const MAX_ZOOM: f64 = 4.0;
/// What one press of + or − multiplies the zoom by.
pub const ZOOM_STEP: f64 = 1.25;
/// Fitting never zooms in past this: a small drawing stays life-size
/// rather than ballooning across the room's screen.
pub const FIT_MAX_ZOOM: f64 = 1.5;
/// The smallest zoom presentation mode fits to: a box's name (25 canvas
/// units, style/canvas.css) stays at 14 screen pixels, the least a
/// projector's back row reads; smaller texts are enlarged to 25 units or
/// left out there (style/editor.css).
pub const LEGIBLE_ZOOM: f64 = 0.56;
/// Room left around a fitted drawing, in screen pixels.
pub const FIT_PADDING: f64 = 24.0;
/// How far one arrow key pans when nothing is selected, in screen pixels
/// (and the larger step with Shift).
pub const PAN_STEP: f64 = 60.0;
pub const PAN_STEP_LARGE: f64 = 240.0;

/// A point on the screen, in CSS pixels from the canvas element's corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenPoint {
    pub x: f64,
    pub y: f64,
}

impl ScreenPoint {
    pub fn new(x: f64, y: f64) -> ScreenPoint {
        ScreenPoint { x, y }
    }

    /// Straight-line distance, for drag thresholds and pinches.
    pub fn distance(self, other: ScreenPoint) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    pub fn midpoint(self, other: ScreenPoint) -> ScreenPoint {
        ScreenPoint { x: (self.x + other.x) / 2.0, y: (self.y + other.y) / 2.0 }
    }
}

/// The size of the canvas element, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

impl Size {
    /// A size the maths can divide by: at least one pixel each way, and a
    /// plausible default when the element has not been measured (hidden,
    /// or not laid out yet).
    pub fn sane(width: f64, height: f64) -> Size {
        let fix = |v: f64, default: f64| if v.is_finite() && v >= 1.0 { v } else { default };
        Size { width: fix(width, 1200.0), height: fix(height, 600.0) }
    }
}

/// Which part of the canvas is on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// The canvas point at the screen's top-left corner.
    pub origin: Point,
    /// Screen pixels per canvas unit.
    pub zoom: f64,
    /// The canvas element's size.
    pub size: Size,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport { origin: Point { x: 0.0, y: 0.0 }, zoom: 1.0, size: Size::sane(0.0, 0.0) }
    }
}

impl Viewport {
    /// The canvas point under a screen point.
    pub fn to_canvas(&self, p: ScreenPoint) -> Point {
        Point { x: self.origin.x + p.x / self.zoom, y: self.origin.y + p.y / self.zoom }
    }

    /// Where a canvas point is on the screen.
    pub fn to_screen(&self, p: Point) -> ScreenPoint {
        ScreenPoint { x: (p.x - self.origin.x) * self.zoom, y: (p.y - self.origin.y) * self.zoom }
    }

    /// The canvas area on screen.
    pub fn visible(&self) -> Bounds {
        Bounds {
            x: self.origin.x,
            y: self.origin.y,
            width: self.size.width / self.zoom,
            height: self.size.height / self.zoom,
        }
    }

    /// The canvas point at the centre of the screen.
    pub fn centre(&self) -> Point {
        self.to_canvas(ScreenPoint { x: self.size.width / 2.0, y: self.size.height / 2.0 })
    }

    /// The SVG `viewBox` that shows exactly the visible area.
    pub fn view_box(&self) -> String {
        let v = self.visible();
        format!("{} {} {} {}", round2(v.x), round2(v.y), round2(v.width), round2(v.height))
    }

    /// The zoom as people read it ("125%").
    pub fn zoom_text(&self) -> String {
        format!("{}%", (self.zoom * 100.0).round())
    }

    /// Moves the view so that the drawing follows the pointer by `(dx, dy)`
    /// screen pixels (dragging the canvas right shows what was on the left).
    pub fn panned(&self, dx: f64, dy: f64) -> Viewport {
        if !dx.is_finite() || !dy.is_finite() {
            return *self;
        }
        Viewport {
            origin: Point { x: self.origin.x - dx / self.zoom, y: self.origin.y - dy / self.zoom },
            ..*self
        }
    }

    /// Zooms by `factor` keeping the canvas point under `anchor` in place,
    /// as a wheel or pinch does. The zoom stays within
    /// [`MIN_ZOOM`]..=[`MAX_ZOOM`].
    pub fn zoomed_at(&self, anchor: ScreenPoint, factor: f64) -> Viewport {
        if !factor.is_finite() || factor <= 0.0 || !anchor.x.is_finite() || !anchor.y.is_finite() {
            return *self;
        }
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let fixed = self.to_canvas(anchor);
        Viewport {
            origin: Point { x: fixed.x - anchor.x / zoom, y: fixed.y - anchor.y / zoom },
            zoom,
            size: self.size,
        }
    }

    /// Zooms about the centre of the screen (the + and − keys).
    pub fn zoomed(&self, factor: f64) -> Viewport {
        self.zoomed_at(ScreenPoint { x: self.size.width / 2.0, y: self.size.height / 2.0 }, factor)
    }

    /// Zoom set to 100% about the centre of the screen.
    pub fn actual_size(&self) -> Viewport {
        self.zoomed(1.0 / self.zoom)
    }

    /// The view that shows all of `bounds`, centred, with
    /// [`FIT_PADDING`] around it and zoomed in no further than
    /// [`FIT_MAX_ZOOM`].
    pub fn fitted(&self, bounds: Bounds) -> Viewport {
        self.fitted_beside(bounds, Cover::NONE)
    }

    /// Like [`Viewport::fitted`], leaving the screen pixels that `cover`
    /// names free (panels float there over the canvas): the drawing is
    /// centred in what is left.
    pub fn fitted_beside(&self, bounds: Bounds, cover: Cover) -> Viewport {
        let size = self.size;
        let (left, right) = cover.within(size.width);
        let free = size.width - left - right;
        let room_x = (free - 2.0 * FIT_PADDING).max(1.0);
        let room_y = (size.height - 2.0 * FIT_PADDING).max(1.0);
        let zoom = if bounds.width > 0.0 && bounds.height > 0.0 {
            (room_x / bounds.width).min(room_y / bounds.height)
        } else {
            1.0
        };
        let zoom = if zoom.is_finite() { zoom.clamp(MIN_ZOOM, FIT_MAX_ZOOM) } else { 1.0 };
        let centre = Point { x: bounds.x + bounds.width / 2.0, y: bounds.y + bounds.height / 2.0 };
        // The drawing's centre goes to the middle of the free part.
        let free_middle = left + free / 2.0;
        Viewport {
            origin: Point { x: centre.x - free_middle / zoom, y: centre.y - size.height / 2.0 / zoom },
            zoom,
            size,
        }
    }

    /// Like [`Viewport::fitted_beside`], but never smaller than `min_zoom`:
    /// in presentation mode the room's back row must read the boxes, so a
    /// drawing too big for the screen at that zoom is shown from its centre
    /// and the rest is a pan away, rather than shrunk past reading.
    pub fn fitted_legibly(&self, bounds: Bounds, cover: Cover, min_zoom: f64) -> Viewport {
        let fitted = self.fitted_beside(bounds, cover);
        if !(min_zoom.is_finite() && fitted.zoom < min_zoom) {
            return fitted;
        }
        // The fitted view has the drawing's centre in the middle of the
        // free part: zooming about that point keeps it there.
        let (left, right) = cover.within(self.size.width);
        let free_middle = ScreenPoint { x: left + (self.size.width - left - right) / 2.0, y: self.size.height / 2.0 };
        fitted.zoomed_at(free_middle, min_zoom / fitted.zoom)
    }

    /// The same view on an element of another size: the top-left corner
    /// and the zoom stay, as when a window is resized.
    pub fn resized(&self, size: Size) -> Viewport {
        Viewport { size, ..*self }
    }

    /// The view moved just enough to show `bounds` whole (when it fits),
    /// for keyboard users whose selection walks off screen.
    pub fn revealing(&self, bounds: Bounds) -> Viewport {
        self.revealing_beside(bounds, Cover::NONE)
    }

    /// Like [`Viewport::revealing`], counting the screen pixels `cover`
    /// names as off screen: a box under a floating panel is not shown.
    pub fn revealing_beside(&self, bounds: Bounds, cover: Cover) -> Viewport {
        let (left, right) = cover.within(self.size.width);
        let visible = self.visible();
        let visible_x = visible.x + left / self.zoom;
        let visible_width = visible.width - (left + right) / self.zoom;
        let shift = |start: f64, length: f64, view_start: f64, view_length: f64| {
            if length > view_length || start < view_start {
                start - view_start
            } else if start + length > view_start + view_length {
                start + length - (view_start + view_length)
            } else {
                0.0
            }
        };
        let margin = FIT_PADDING / self.zoom;
        let dx = shift(bounds.x - margin, bounds.width + 2.0 * margin, visible_x, visible_width);
        let dy = shift(bounds.y - margin, bounds.height + 2.0 * margin, visible.y, visible.height);
        Viewport { origin: Point { x: self.origin.x + dx, y: self.origin.y + dy }, ..*self }
    }
}

/// How many screen pixels panels floating over the canvas hide on its
/// left (the palette) and right (the inspector). Fitting and revealing
/// keep the drawing out from under them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cover {
    pub left: f64,
    pub right: f64,
}

impl Cover {
    /// Nothing floats over the canvas.
    pub const NONE: Cover = Cover { left: 0.0, right: 0.0 };

    /// The cover on a canvas `width` pixels wide, made sane: the palette
    /// takes at most half, the inspector at most half of what is left,
    /// so a narrow window still shows some of the drawing.
    fn within(self, width: f64) -> (f64, f64) {
        let sane = |v: f64, most: f64| if v.is_finite() { v.clamp(0.0, most.max(0.0)) } else { 0.0 };
        let left = sane(self.left, width / 2.0);
        let right = sane(self.right, (width - left) / 2.0);
        (left, right)
    }
}

/// How much one wheel event zooms. `delta_y` is the event's vertical
/// delta in pixels (lines are converted by the caller at 16 pixels);
/// a pinch on a touchpad arrives as a wheel with Ctrl held and small
/// deltas, so it gets a finer scale. Scrolling down zooms out.
pub fn wheel_factor(delta_y: f64, pinch: bool) -> f64 {
    if !delta_y.is_finite() {
        return 1.0;
    }
    let per_pixel = if pinch { 0.01 } else { 0.0015 };
    // One event never zooms by more than a factor of two.
    (-delta_y * per_pixel).clamp(-std::f64::consts::LN_2, std::f64::consts::LN_2).exp()
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod legible_tests {
    use super::*;

    #[test]
    fn a_presentation_fit_never_shrinks_past_its_minimum_and_keeps_the_drawing_centred() {
        let view = Viewport::default().resized(Size { width: 1000.0, height: 500.0 });
        let wide = Bounds { x: 0.0, y: 0.0, width: 3000.0, height: 400.0 };
        assert!(view.fitted_beside(wide, Cover::NONE).zoom < 0.4);
        let legible = view.fitted_legibly(wide, Cover::NONE, 0.56);
        assert_eq!(legible.zoom, 0.56);
        let middle = legible.to_canvas(ScreenPoint { x: 500.0, y: 250.0 });
        assert!((middle.x - 1500.0).abs() < 1e-9 && (middle.y - 200.0).abs() < 1e-9, "{middle:?}");
        // A drawing that fits is fitted as usual.
        let small = Bounds { x: 0.0, y: 0.0, width: 500.0, height: 200.0 };
        assert_eq!(view.fitted_legibly(small, Cover::NONE, 0.56), view.fitted_beside(small, Cover::NONE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> Viewport {
        Viewport { origin: Point { x: 100.0, y: 50.0 }, zoom: 2.0, size: Size::sane(800.0, 600.0) }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn screen_and_canvas_points_convert_both_ways() {
        let v = view();
        assert_eq!(v.to_canvas(ScreenPoint::new(0.0, 0.0)), Point { x: 100.0, y: 50.0 });
        assert_eq!(v.to_canvas(ScreenPoint::new(200.0, 100.0)), Point { x: 200.0, y: 100.0 });
        let back = v.to_screen(Point { x: 200.0, y: 100.0 });
        assert_eq!(back, ScreenPoint::new(200.0, 100.0));
        assert_eq!(v.view_box(), "100 50 400 300");
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let v = view();
        let anchor = ScreenPoint::new(300.0, 200.0);
        let before = v.to_canvas(anchor);
        let zoomed = v.zoomed_at(anchor, 1.5);
        let after = zoomed.to_canvas(anchor);
        assert!(close(before.x, after.x) && close(before.y, after.y));
        assert!(close(zoomed.zoom, 3.0));
        // Clamped at both ends, and nonsense factors change nothing.
        assert_eq!(v.zoomed_at(anchor, 100.0).zoom, MAX_ZOOM);
        assert_eq!(v.zoomed_at(anchor, 0.0001).zoom, MIN_ZOOM);
        assert_eq!(v.zoomed_at(anchor, f64::NAN), v);
        assert_eq!(v.zoomed_at(anchor, -2.0), v);
        assert!(close(v.actual_size().zoom, 1.0));
    }

    #[test]
    fn panning_moves_the_drawing_with_the_pointer() {
        let v = view();
        let panned = v.panned(40.0, -20.0);
        // What was at screen (40, -20) is now at the corner... i.e. the
        // canvas point under a screen point moved by -delta/zoom.
        assert_eq!(panned.origin, Point { x: 80.0, y: 60.0 });
        assert_eq!(v.panned(f64::INFINITY, 0.0), v);
    }

    #[test]
    fn fitting_centres_the_drawing_and_caps_the_zoom() {
        let v = view();
        let bounds = Bounds { x: 0.0, y: 0.0, width: 1500.0, height: 500.0 };
        let fitted = v.fitted(bounds);
        // Width limits: (800 - 48) / 1500.
        assert!(close(fitted.zoom, 752.0 / 1500.0));
        let centre = fitted.centre();
        assert!(close(centre.x, 750.0) && close(centre.y, 250.0));
        let small = v.fitted(Bounds { x: 0.0, y: 0.0, width: 100.0, height: 100.0 });
        assert_eq!(small.zoom, FIT_MAX_ZOOM);
        let empty = v.fitted(Bounds { x: 0.0, y: 0.0, width: 0.0, height: 0.0 });
        assert_eq!(empty.zoom, 1.0);
        // Beside a 200-pixel panel: narrower room, centred in what is free.
        let beside = v.fitted_beside(bounds, Cover { left: 200.0, right: 0.0 });
        assert!(close(beside.zoom, 552.0 / 1500.0));
        let left_edge = beside.to_screen(Point { x: 0.0, y: 0.0 }).x;
        assert!(close(left_edge, 200.0 + FIT_PADDING), "{left_edge}");
        // Between the palette and the inspector: the drawing ends where
        // the inspector begins.
        let between = v.fitted_beside(bounds, Cover { left: 200.0, right: 250.0 });
        assert!(close(between.zoom, 302.0 / 1500.0));
        let right_edge = between.to_screen(Point { x: 1500.0, y: 0.0 }).x;
        assert!(close(right_edge, 800.0 - 250.0 - FIT_PADDING), "{right_edge}");
        // Panels wider than the screen leave half, then a quarter, free.
        let squeezed = v.fitted_beside(bounds, Cover { left: 5000.0, right: f64::NAN });
        assert!(close(squeezed.zoom, 352.0 / 1500.0));
        let squeezed = v.fitted_beside(bounds, Cover { left: 5000.0, right: 5000.0 });
        assert!(close(squeezed.zoom, (200.0 - 48.0) / 1500.0));
    }

    #[test]
    fn revealing_moves_only_as_far_as_needed() {
        let v = Viewport { origin: Point { x: 0.0, y: 0.0 }, zoom: 1.0, size: Size::sane(800.0, 600.0) };
        let inside = Bounds { x: 100.0, y: 100.0, width: 220.0, height: 150.0 };
        assert_eq!(v.revealing(inside), v);
        let right = Bounds { x: 900.0, y: 100.0, width: 220.0, height: 150.0 };
        let moved = v.revealing(right);
        assert!(close(moved.origin.x, 900.0 + 220.0 + FIT_PADDING - 800.0));
        assert_eq!(moved.origin.y, 0.0);
        // A box under the inspector (the right 300 pixels) is brought out
        // from under it; one clear of it stays where it is.
        let cover = Cover { left: 0.0, right: 300.0 };
        let under = Bounds { x: 560.0, y: 100.0, width: 220.0, height: 150.0 };
        let out = v.revealing_beside(under, cover);
        assert!(close(out.origin.x, 560.0 + 220.0 + FIT_PADDING - 500.0));
        assert_eq!(v.revealing_beside(inside, cover), v);
    }

    #[test]
    fn wheel_zoom_is_gentle_and_bounded() {
        assert!(wheel_factor(-100.0, false) > 1.0);
        assert!(wheel_factor(100.0, false) < 1.0);
        assert!(close(wheel_factor(100.0, false) * wheel_factor(-100.0, false), 1.0));
        assert!(close(wheel_factor(1e9, false), 0.5));
        assert_eq!(wheel_factor(f64::NAN, true), 1.0);
        assert!(wheel_factor(-10.0, true) > wheel_factor(-10.0, false));
        assert_eq!(Size::sane(f64::NAN, 0.0), Size { width: 1200.0, height: 600.0 });
    }
}
