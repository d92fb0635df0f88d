//! The few complex-number operations a Laplace inversion needs. Written
//! here rather than taken from a crate: four operators and `exp`, used by
//! two modules, do not justify a dependency in the page's wasm.

use std::ops::{Add, Div, Mul, Sub};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Complex {
    pub re: f64,
    pub im: f64,
}

impl Complex {
    pub const fn new(re: f64, im: f64) -> Complex {
        Complex { re, im }
    }

    pub const fn real(re: f64) -> Complex {
        Complex { re, im: 0.0 }
    }

    pub fn exp(self) -> Complex {
        let scale = self.re.exp();
        Complex { re: scale * self.im.cos(), im: scale * self.im.sin() }
    }

    pub fn norm(self) -> f64 {
        self.re.hypot(self.im)
    }

    /// z^n for a whole n, by squaring.
    pub fn powi(self, mut n: u64) -> Complex {
        let mut base = self;
        let mut result = Complex::real(1.0);
        while n > 0 {
            if n & 1 == 1 {
                result = result * base;
            }
            base = base * base;
            n >>= 1;
        }
        result
    }
}

impl Add for Complex {
    type Output = Complex;
    fn add(self, other: Complex) -> Complex {
        Complex { re: self.re + other.re, im: self.im + other.im }
    }
}

impl Add<f64> for Complex {
    type Output = Complex;
    fn add(self, other: f64) -> Complex {
        Complex { re: self.re + other, im: self.im }
    }
}

impl Sub for Complex {
    type Output = Complex;
    fn sub(self, other: Complex) -> Complex {
        Complex { re: self.re - other.re, im: self.im - other.im }
    }
}

impl Mul for Complex {
    type Output = Complex;
    fn mul(self, other: Complex) -> Complex {
        Complex {
            re: self.re * other.re - self.im * other.im,
            im: self.re * other.im + self.im * other.re,
        }
    }
}

impl Mul<f64> for Complex {
    type Output = Complex;
    fn mul(self, other: f64) -> Complex {
        Complex { re: self.re * other, im: self.im * other }
    }
}

impl Div for Complex {
    type Output = Complex;
    fn div(self, other: Complex) -> Complex {
        // Smith's algorithm: no overflow when |other| is large.
        if other.re.abs() >= other.im.abs() {
            let r = other.im / other.re;
            let d = other.re + other.im * r;
            Complex { re: (self.re + self.im * r) / d, im: (self.im - self.re * r) / d }
        } else {
            let r = other.re / other.im;
            let d = other.re * r + other.im;
            Complex { re: (self.re * r + self.im) / d, im: (self.im * r - self.re) / d }
        }
    }
}
