//! Values over a 2-D grid: [`MeshGrid`] (NumPy's `meshgrid`: the points to evaluate a model on),
//! the contour lines of such values (marching squares), and their drawing on a plot's axes: the
//! labelled lines of `Plot::contour` and the filled cells of `Plot::filled_regions`.
//!
//! Contour lines are computed here rather than with a crate: the `contour` crate traces closed
//! rings that run along the grid's border, and a plot wants open lines across the grid.

use ndarray::Array2;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::{Error, Result};
use crate::plot::color::{Color, Colormap};
use crate::plot::draw::{Area, font, text, text_size};
use crate::plot::marks::{self, Frame, paint};
use crate::plot::style::LineKind;
use crate::plot::ticks::tick_label;
use crate::plot::values::Values;

/// The size of a contour line's label.
const CONTOUR_LABEL_SIZE: f64 = 11.0;

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

/// The edges of grid cells around each coordinate, halfway to the neighbours, clamped to the
/// grid.
fn cell_edges(coords: &[f64]) -> Vec<f64> {
    let n = coords.len();
    (0..=n)
        .map(|i| match i {
            0 => coords[0],
            i if i == n => coords[n - 1],
            i => (coords[i - 1] + coords[i]) / 2.0,
        })
        .collect()
}

/// Fills the axes with `z`'s cells over `grid`, colored by `colormap` from the lowest value to
/// the highest (`plt.contourf`); runs of one color are one rectangle.
pub(crate) fn draw_regions<DB: DrawingBackend>(
    axes: &Area<DB>,
    frame: &Frame,
    grid: &MeshGrid,
    z: &[f64],
    colormap: &Colormap,
) -> Result<()> {
    let (low, high) = z
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let clamp = |v: f64, max: f64| v.clamp(0.0, max).round() as i32;
    let x_edges: Vec<i32> = cell_edges(grid.xs())
        .iter()
        .map(|&x| clamp(frame.to_px((x, 0.0)).0, frame.width))
        .collect();
    let y_edges: Vec<i32> = cell_edges(grid.ys())
        .iter()
        .map(|&y| clamp(frame.to_px((0.0, y)).1, frame.height))
        .collect();
    let nx = grid.xs().len();
    for (i, row) in z.chunks(nx).enumerate() {
        let mut start = 0;
        while start < nx {
            let color = colormap.color_in(row[start], low, high);
            let end = start
                + row[start..]
                    .iter()
                    .take_while(|&&v| colormap.color_in(v, low, high) == color)
                    .count();
            marks::fill(
                axes,
                (x_edges[start], y_edges[i + 1]),
                (x_edges[end], y_edges[i]),
                paint(color, 1.0),
            )?;
            start = end;
        }
    }
    Ok(())
}

/// Draws `z`'s isolines over `grid` at each of `levels`, colored by `colormap`, each labelled
/// once with its level on a white patch (`plt.contour` then `plt.clabel`).
pub(crate) fn draw_contours<DB: DrawingBackend>(
    axes: &Area<DB>,
    frame: &Frame,
    grid: &MeshGrid,
    z: &[f64],
    levels: &[f64],
    colormap: &Colormap,
    scale: f64,
) -> Result<()> {
    let (low, high) = levels
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    for &level in levels {
        let color = colormap.color_in(level, low, high);
        let segments = grid.isoline(z, level);
        for [a, b] in &segments {
            for run in frame.clip_polyline(&[frame.to_px(*a), frame.to_px(*b)]) {
                marks::polyline(axes, &run, LineKind::Solid, paint(color, 1.0), 1.5 * scale)?;
            }
        }
        // One label per level, where its line is farthest from the axes' edges, on a white patch.
        let inside: Vec<(f64, f64)> = segments
            .iter()
            .map(|[a, b]| frame.to_px(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)))
            .filter(|&p| frame.contains(p))
            .collect();
        let room = |&(x, y): &(f64, f64)| x.min(frame.width - x).min(y).min(frame.height - y);
        if let Some((x, y)) = inside
            .into_iter()
            .max_by(|a, b| room(a).total_cmp(&room(b)))
        {
            let label = tick_label(level);
            let style = font(
                CONTOUR_LABEL_SIZE,
                scale,
                color,
                (HPos::Center, VPos::Center),
            );
            let (tw, th) = text_size(axes, &label, &style)?;
            let (hw, hh) = (
                f64::from(tw) / 2.0 + 2.0 * scale,
                f64::from(th) / 2.0 + 1.0 * scale,
            );
            let corner = |dx: f64, dy: f64| ((x + dx).round() as i32, (y + dy).round() as i32);
            marks::fill(
                axes,
                corner(-hw, -hh),
                corner(hw, hh),
                paint(Color::WHITE, 1.0),
            )?;
            text(
                axes,
                &label,
                corner(0.0, 0.0),
                CONTOUR_LABEL_SIZE,
                scale,
                color,
                (HPos::Center, VPos::Center),
            )?;
        }
    }
    Ok(())
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
