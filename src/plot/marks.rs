//! What a [`Plot`](crate::plot::Plot) draws inside its axes, in backend pixels: lines (clipped to
//! the axes, solid or dashed), markers, arrows and filled rectangles. [`Frame`] maps data
//! coordinates to those pixels.

use plotters::prelude::*;
use plotters::style::Color as _;

use crate::error::Result;
use crate::plot::color::Color;
use crate::plot::draw::{Area, plot_error};
use crate::plot::style::{LineKind, Marker};

/// The axes' data ranges and their size in backend pixels (y grows downwards in pixels).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub width: f64,
    pub height: f64,
}

impl Frame {
    /// The pixel position of the data point `(x, y)`.
    pub fn to_px(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (
            (x - self.x.0) / (self.x.1 - self.x.0) * (self.width - 1.0),
            (self.height - 1.0) - (y - self.y.0) / (self.y.1 - self.y.0) * (self.height - 1.0),
        )
    }

    /// Whether the pixel position lies inside the axes.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        (-0.5..=self.width - 0.5).contains(&x) && (-0.5..=self.height - 0.5).contains(&y)
    }

    /// The part of the segment `a`-`b` inside the axes (Liang-Barsky), if any.
    fn clip(&self, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let (xmax, ymax) = (self.width - 0.5, self.height - 0.5);
        for (p, q) in [
            (-dx, a.0 + 0.5),
            (dx, xmax - a.0),
            (-dy, a.1 + 0.5),
            (dy, ymax - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        (t0 <= t1).then(|| {
            (
                (a.0 + t0 * dx, a.1 + t0 * dy),
                (a.0 + t1 * dx, a.1 + t1 * dy),
            )
        })
    }

    /// The visible pieces of a polyline, each a run of connected points.
    pub fn clip_polyline(&self, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        for pair in points.windows(2) {
            let Some((p, q)) = self.clip(pair[0], pair[1]) else {
                continue;
            };
            match runs.last_mut() {
                Some(run) if run.last() == Some(&p) => run.push(q),
                _ => runs.push(vec![p, q]),
            }
        }
        runs
    }
}

fn at(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// The shape style for `color` at opacity `alpha`.
pub(crate) fn paint(color: Color, alpha: f64) -> RGBAColor {
    color.to_plotters().mix(alpha)
}

/// Draws a run of connected pixel points `width` pixels wide, in `kind`'s dash pattern.
pub(crate) fn polyline<DB: DrawingBackend>(
    area: &Area<DB>,
    run: &[(f64, f64)],
    kind: LineKind,
    color: RGBAColor,
    width: f64,
) -> Result<()> {
    let style = color.stroke_width(width.round().max(1.0) as u32);
    let pieces = match kind.pattern() {
        None => vec![run.to_vec()],
        Some(pattern) => dashes(run, &pattern.iter().map(|l| l * width).collect::<Vec<_>>()),
    };
    // plotters joins the segments of a thick path with miters, which shoot long spikes out of
    // sharp turns (gradient-descent paths zig-zag); thick lines are drawn segment by segment
    // with round joins instead.
    let thick = style.stroke_width > 2;
    for piece in pieces {
        if !thick {
            area.draw(&PathElement::new(
                piece.into_iter().map(at).collect::<Vec<_>>(),
                style,
            ))
            .map_err(plot_error)?;
            continue;
        }
        for segment in piece.windows(2) {
            area.draw(&PathElement::new(
                vec![at(segment[0]), at(segment[1])],
                style,
            ))
            .map_err(plot_error)?;
        }
        let radius = style.stroke_width / 2;
        for &joint in piece.iter().skip(1).take(piece.len().saturating_sub(2)) {
            area.draw(&Circle::new(at(joint), radius, color.filled()))
                .map_err(plot_error)?;
        }
    }
    Ok(())
}

/// Cuts a polyline into its dashes: `pattern` alternates on and off lengths in pixels.
fn dashes(run: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut pieces = Vec::new();
    let (mut index, mut left) = (0, pattern[0]);
    let mut current = vec![run[0]];
    for pair in run.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut done = 0.0;
        while length - done > left {
            done += left;
            let t = done / length;
            let p = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            if index % 2 == 0 {
                current.push(p);
                pieces.push(std::mem::take(&mut current));
            } else {
                current = vec![p];
            }
            index = (index + 1) % pattern.len();
            left = pattern[index];
        }
        left -= length - done;
        if index % 2 == 0 {
            current.push(b);
        }
    }
    if index % 2 == 0 && current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// Draws `marker` centered at pixel `c`, `size` pixels across.
pub(crate) fn marker<DB: DrawingBackend>(
    area: &Area<DB>,
    c: (f64, f64),
    marker: Marker,
    size: f64,
    color: RGBAColor,
    scale: f64,
) -> Result<()> {
    let r = size / 2.0;
    let stroke = color.stroke_width(scale.round().max(1.0) as u32);
    let (x, y) = c;
    let polygon = |points: Vec<(f64, f64)>| -> Result<()> {
        area.draw(&Polygon::new(
            points.into_iter().map(at).collect::<Vec<_>>(),
            color.filled(),
        ))
        .map_err(plot_error)
    };
    let strokes = |lines: &[[(f64, f64); 2]]| -> Result<()> {
        for [a, b] in lines {
            area.draw(&PathElement::new(vec![at(*a), at(*b)], stroke))
                .map_err(plot_error)?;
        }
        Ok(())
    };
    match marker {
        Marker::Point => area
            .draw(&Circle::new(
                at(c),
                (r / 2.0).round().max(1.0) as u32,
                color.filled(),
            ))
            .map_err(plot_error),
        Marker::Pixel => area
            .draw(&Rectangle::new(
                [at(c), at((x + scale, y + scale))],
                color.filled(),
            ))
            .map_err(plot_error),
        Marker::Circle => area
            .draw(&Circle::new(
                at(c),
                r.round().max(1.0) as u32,
                color.filled(),
            ))
            .map_err(plot_error),
        Marker::Square => {
            let h = r * 0.85;
            area.draw(&Rectangle::new(
                [at((x - h, y - h)), at((x + h, y + h))],
                color.filled(),
            ))
            .map_err(plot_error)
        }
        Marker::TriangleUp => polygon(regular(c, r, 3, -90.0, 1.0)),
        Marker::TriangleDown => polygon(regular(c, r, 3, 90.0, 1.0)),
        Marker::TriangleLeft => polygon(regular(c, r, 3, 180.0, 1.0)),
        Marker::TriangleRight => polygon(regular(c, r, 3, 0.0, 1.0)),
        Marker::Diamond => polygon(regular(c, r, 4, 0.0, 1.0)),
        Marker::ThinDiamond => polygon(regular(c, r, 4, 0.0, 0.6)),
        Marker::Pentagon => polygon(regular(c, r, 5, -90.0, 1.0)),
        Marker::Hexagon => polygon(regular(c, r, 6, -90.0, 1.0)),
        Marker::Star => polygon(
            regular(c, r, 10, -90.0, 1.0)
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    if i % 2 == 1 {
                        (x + (p.0 - x) * 0.45, y + (p.1 - y) * 0.45)
                    } else {
                        p
                    }
                })
                .collect(),
        ),
        Marker::Plus => strokes(&[[(x - r, y), (x + r, y)], [(x, y - r), (x, y + r)]]),
        Marker::Cross => {
            let d = r * std::f64::consts::FRAC_1_SQRT_2;
            strokes(&[
                [(x - d, y - d), (x + d, y + d)],
                [(x - d, y + d), (x + d, y - d)],
            ])
        }
        Marker::VerticalBar => strokes(&[[(x, y - r), (x, y + r)]]),
        Marker::HorizontalBar => strokes(&[[(x - r, y), (x + r, y)]]),
    }
}

/// The corners of a regular `n`-gon of radius `r` around `c`, the first at `start` degrees,
/// squeezed horizontally by `aspect`.
fn regular(c: (f64, f64), r: f64, n: usize, start: f64, aspect: f64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let angle = (start + 360.0 * i as f64 / n as f64).to_radians();
            (c.0 + r * aspect * angle.cos(), c.1 + r * angle.sin())
        })
        .collect()
}

/// Draws an arrow from pixel `from` to pixel `to`, its head `head` pixels long.
pub(crate) fn arrow<DB: DrawingBackend>(
    area: &Area<DB>,
    from: (f64, f64),
    to: (f64, f64),
    color: RGBAColor,
    width: f64,
    head: f64,
) -> Result<()> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt();
    if length < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let head = head.min(length);
    let base = (to.0 - ux * head, to.1 - uy * head);
    let style = color.stroke_width(width.round().max(1.0) as u32);
    area.draw(&PathElement::new(vec![at(from), at(base)], style))
        .map_err(plot_error)?;
    let half = head * 0.4;
    let wings = vec![
        at(to),
        at((base.0 - uy * half, base.1 + ux * half)),
        at((base.0 + uy * half, base.1 - ux * half)),
    ];
    area.draw(&Polygon::new(wings, color.filled()))
        .map_err(plot_error)
}

/// Fills the pixel rectangle from `a` to `b` (opposite corners).
pub(crate) fn fill<DB: DrawingBackend>(
    area: &Area<DB>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBAColor,
) -> Result<()> {
    area.draw(&Rectangle::new([a, b], color.filled()))
        .map_err(plot_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame {
            x: (0.0, 10.0),
            y: (0.0, 10.0),
            width: 101.0,
            height: 101.0,
        }
    }

    #[test]
    fn lines_are_clipped_to_the_axes() {
        let f = frame();
        let runs = f.clip_polyline(&[
            f.to_px((-10.0, 5.0)),
            f.to_px((5.0, 5.0)),
            f.to_px((20.0, 5.0)),
        ]);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].len(), 3);
        assert!((runs[0][0].0 + 0.5).abs() < 1e-9 && (runs[0][2].0 - 100.5).abs() < 1e-9);
        assert!(
            f.clip_polyline(&[f.to_px((-5.0, -5.0)), f.to_px((-1.0, 20.0))])
                .is_empty()
        );
    }

    #[test]
    fn dashes_follow_the_pattern() {
        let pieces = dashes(&[(0.0, 0.0), (10.0, 0.0), (20.0, 0.0)], &[3.0, 2.0]);
        let starts: Vec<f64> = pieces.iter().map(|p| p[0].0).collect();
        assert_eq!(starts, vec![0.0, 5.0, 10.0, 15.0]);
        assert!(
            pieces
                .iter()
                .all(|p| (p.last().unwrap().0 - p[0].0 - 3.0).abs() < 1e-9)
        );
    }
}
