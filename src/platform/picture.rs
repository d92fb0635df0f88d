//! Turning an exported SVG into a PNG: the SVG is loaded as an image from
//! an object URL, drawn on an offscreen canvas at twice its size (crisp on
//! a projector and in slides), and read back as PNG bytes.

use base64::Engine;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, Url};

/// The PNG is drawn at this many pixels per canvas unit…
const SCALE: f64 = 2.0;
/// …unless that would exceed what browsers allow a canvas.
const LARGEST_SIDE: f64 = 8_192.0;

/// The PNG of `svg` (which is `width` × `height` units).
pub async fn svg_to_png(svg: &str, width: f64, height: f64) -> Result<Vec<u8>, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not hold the picture".to_owned())?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| "the browser could not load the picture".to_owned())?;
    let result = render(&url, width, height).await;
    let _ = Url::revoke_object_url(&url);
    result
}

async fn render(url: &str, width: f64, height: f64) -> Result<Vec<u8>, String> {
    let failed = |what: &str| format!("the PNG could not be made ({what})");
    let image = HtmlImageElement::new().map_err(|_| failed("no image"))?;
    image.set_src(url);
    JsFuture::from(image.decode()).await.map_err(|_| failed("the picture did not load"))?;
    let scale = SCALE.min(LARGEST_SIDE / width.max(height).max(1.0));
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| failed("no document"))?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| failed("no canvas"))?
        .dyn_into()
        .map_err(|_| failed("no canvas"))?;
    canvas.set_width((width * scale).ceil() as u32);
    canvas.set_height((height * scale).ceil() as u32);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|_| failed("no 2D context"))?
        .ok_or_else(|| failed("no 2D context"))?
        .dyn_into()
        .map_err(|_| failed("no 2D context"))?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, width * scale, height * scale)
        .map_err(|_| failed("drawing failed"))?;
    let data_url = canvas.to_data_url_with_type("image/png").map_err(|_| failed("the canvas could not be read"))?;
    let encoded = data_url.split_once(',').map(|(_, data)| data).unwrap_or_default();
    base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| failed("the canvas could not be read"))
}
