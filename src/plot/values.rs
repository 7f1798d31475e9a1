//! The numbers figures and tables accept: any primitive number ([`Number`]), in any 1-D sequence
//! ([`Values`]: ndarray arrays and views, slices, arrays, vectors), converted to `f64` once.

use ndarray::{ArrayBase, Data, Ix1};

/// A primitive number a figure can draw: converted to `f64` (`usize` counts included).
pub trait Number: Copy {
    /// The value as an `f64`.
    fn to_f64(self) -> f64;
    /// Whether the type only holds whole numbers (tables and matshow print those without
    /// decimals).
    fn is_integer_type() -> bool;
}

macro_rules! number {
    ($integer:expr => $($t:ty),*) => {$(
        impl Number for $t {
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn is_integer_type() -> bool {
                $integer
            }
        }
    )*};
}
number!(false => f32, f64);
number!(true => i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

/// A 1-D sequence of numbers: `&Array1`, an `ArrayView1` (a row, a column, a slice), `&[T]`,
/// `[T; N]`, `&Vec<T>` or `Vec<T>`.
pub trait Values {
    /// The values as `f64`s, in order.
    fn values(self) -> Vec<f64>;
}

impl<S: Data<Elem = T>, T: Number> Values for &ArrayBase<S, Ix1> {
    fn values(self) -> Vec<f64> {
        self.iter().map(|v| v.to_f64()).collect()
    }
}

impl<S: Data<Elem = T>, T: Number> Values for ArrayBase<S, Ix1> {
    fn values(self) -> Vec<f64> {
        (&self).values()
    }
}

impl<T: Number> Values for &[T] {
    fn values(self) -> Vec<f64> {
        self.iter().map(|v| v.to_f64()).collect()
    }
}

impl<T: Number, const N: usize> Values for [T; N] {
    fn values(self) -> Vec<f64> {
        self.as_slice().values()
    }
}

impl<T: Number, const N: usize> Values for &[T; N] {
    fn values(self) -> Vec<f64> {
        self.as_slice().values()
    }
}

impl<T: Number> Values for &Vec<T> {
    fn values(self) -> Vec<f64> {
        self.as_slice().values()
    }
}

impl<T: Number> Values for Vec<T> {
    fn values(self) -> Vec<f64> {
        self.as_slice().values()
    }
}
