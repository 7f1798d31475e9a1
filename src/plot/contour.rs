//! Values over a 2-D grid: [`MeshGrid`] (NumPy's `meshgrid`: the points to evaluate a model on)
//! and the contour lines of such values (marching squares), which `Plot::contour` draws.
//!
//! Contour lines are computed here rather than with a crate: the `contour` crate traces closed
//! rings that run along the grid's border, and a plot wants open lines across the grid.

use ndarray::Array2;

use crate::error::{Error, Result};
use crate::plot::values::Values;

/// A rectangular grid of points, every `x` of one axis with every `y` of the other, to evaluate a
/// model on and draw its decision boundary, probabilities or class regions.
///
/// The book's
/// `x0, x1 = np.meshgrid(np.linspace(2.9, 7, 500), np.linspace(0.8, 2.7, 200))` and
/// `X_new = np.c_[x0.ravel(), x1.ravel()]` become:
///
/// ```
/// use handson::plot::MeshGrid;
/// use ndarray::Array1;
/// let grid = MeshGrid::new(Array1::linspace(2.9, 7.0, 500), Array1::linspace(0.8, 2.7, 200))?;
/// let x_new = grid.points();
/// assert_eq!(x_new.dim(), (100_000, 2));
/// assert_eq!((x_new[[1, 0]], x_new[[1, 1]]), (grid.xs()[1], 0.8));
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MeshGrid {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl MeshGrid {
    /// The grid of every `x` in `xs` with every `y` in `ys`; each needs at least two finite,
    /// increasing values.
    pub fn new(xs: impl Values, ys: impl Values) -> Result<MeshGrid> {
        let (xs, ys) = (xs.values(), ys.values());
        for (name, axis) in [("xs", &xs), ("ys", &ys)] {
            if axis.len() < 2 {
                return Err(Error::invalid(
                    name,
                    "at least two grid coordinates",
                    format!("{} values", axis.len()),
                ));
            }
            if let Some(bad) = axis.iter().find(|v| !v.is_finite()) {
                return Err(Error::invalid(name, "finite grid coordinates", bad));
            }
            if axis.windows(2).any(|w| w[1] <= w[0]) {
                return Err(Error::invalid(
                    name,
                    "increasing grid coordinates (like linspace)",
                    "values out of order",
                ));
            }
        }
        Ok(MeshGrid { xs, ys })
    }

    /// The grid's x coordinates.
    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// The grid's y coordinates.
    pub fn ys(&self) -> &[f64] {
        &self.ys
    }

    /// The number of points, `ys().len() * xs().len()`.
    pub fn len(&self) -> usize {
        self.xs.len() * self.ys.len()
    }

    /// Always false: a grid has at least 2x2 points.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Every point as a row `[x, y]`, x varying fastest (NumPy's `np.c_[x0.ravel(), x1.ravel()]`),
    /// ready for a model's `predict` or `predict_proba`; its results, in the same order, are what
    /// `Plot::contour` and `Plot::filled_regions` take.
    pub fn points(&self) -> Array2<f64> {
        let nx = self.xs.len();
        Array2::from_shape_fn((self.len(), 2), |(k, c)| {
            if c == 0 {
                self.xs[k % nx]
            } else {
                self.ys[k / nx]
            }
        })
    }

    /// Checks that `values` has one value per grid point, all finite, naming `what` in errors.
    pub(crate) fn check_values(&self, values: &[f64], what: &'static str) -> Result<()> {
        if values.len() != self.len() {
            return Err(Error::invalid(
                what,
                format!(
                    "one value per grid point ({} x {} = {})",
                    self.xs.len(),
                    self.ys.len(),
                    self.len()
                ),
                format!("{} values", values.len()),
            ));
        }
        match values.iter().find(|v| !v.is_finite()) {
            Some(bad) => Err(Error::invalid(what, "finite values", bad)),
            None => Ok(()),
        }
    }

    /// The segments, in data coordinates, where `values` (one per point, x fastest) cross `level`.
    pub(crate) fn isoline(&self, values: &[f64], level: f64) -> Vec<[(f64, f64); 2]> {
        let (nx, ny) = (self.xs.len(), self.ys.len());
        let z = |i: usize, j: usize| values[i * nx + j];
        let mut segments = Vec::new();
        for i in 0..ny - 1 {
            for j in 0..nx - 1 {
                // Corners counter-clockwise from the bottom-left, and the edges between them.
                let corners = [(i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j)];
                let above = corners.map(|(a, b)| z(a, b) >= level);
                let crossing = |e: usize| {
                    let ((i0, j0), (i1, j1)) = (corners[e], corners[(e + 1) % 4]);
                    let (z0, z1) = (z(i0, j0), z(i1, j1));
                    let t = (level - z0) / (z1 - z0);
                    let lerp = |a: f64, b: f64| a + t * (b - a);
                    (
                        lerp(self.xs[j0], self.xs[j1]),
                        lerp(self.ys[i0], self.ys[i1]),
                    )
                };
                let crossed: Vec<usize> =
                    (0..4).filter(|&e| above[e] != above[(e + 1) % 4]).collect();
                match crossed.len() {
                    2 => segments.push([crossing(crossed[0]), crossing(crossed[1])]),
                    4 => {
                        // A saddle: the cell's mean decides which opposite corners connect.
                        let center = corners.iter().map(|&(a, b)| z(a, b)).sum::<f64>() / 4.0;
                        let pairs = if (center >= level) == above[0] {
                            [(0, 1), (2, 3)]
                        } else {
                            [(3, 0), (1, 2)]
                        };
                        for (a, b) in pairs {
                            segments.push([crossing(a), crossing(b)]);
                        }
                    }
                    _ => {}
                }
            }
        }
        segments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plane_crosses_a_level_along_a_straight_line() {
        let grid = MeshGrid::new([0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0]).unwrap();
        let z: Vec<f64> = grid.points().rows().into_iter().map(|p| p[0]).collect();
        let segments = grid.isoline(&z, 1.5);
        assert_eq!(segments.len(), 2);
        for segment in segments {
            for (x, _) in segment {
                assert!((x - 1.5).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn bad_grids_and_values_are_errors() {
        assert!(MeshGrid::new([0.0], [0.0, 1.0]).is_err());
        assert!(MeshGrid::new([0.0, f64::NAN], [0.0, 1.0]).is_err());
        assert!(MeshGrid::new([1.0, 0.0], [0.0, 1.0]).is_err());
        let grid = MeshGrid::new([0.0, 1.0], [0.0, 1.0]).unwrap();
        assert!(grid.check_values(&[0.0; 3], "z").is_err());
        assert!(grid.check_values(&[0.0, 1.0, f64::NAN, 0.0], "z").is_err());
    }
}
