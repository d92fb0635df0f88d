//! Random bytes from the browser's cryptographic generator, for a room's
//! key and the nonces its updates are sealed with (`Math.random` is not
//! fit for either).

/// `N` random bytes; `None` where the browser has no `crypto` (never in
/// the browsers the page supports, which all have Web Crypto).
pub fn bytes<const N: usize>() -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut out).ok()?;
    Some(out)
}
