//! The legend of a [`Plot`](crate::plot::Plot): where it goes (matplotlib's location names,
//! `"best"` included) and how it is drawn (a framed box of samples and labels).

use plotters::prelude::*;
use plotters::style::Color as _;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::{Error, Result};
use crate::plot::color::Color;
use crate::plot::draw::{Area, font, plot_error, text, text_size};
use crate::plot::marks::{self, Frame, paint};
use crate::plot::style::Style;

const FONT_SIZE: f64 = 12.0;
const SAMPLE_LENGTH: f64 = 28.0;
const PADDING: f64 = 6.0;
const OFFSET: f64 = 8.0;

/// Where the legend goes: each coordinate 0 (left/bottom), 1 (center) or 2 (right/top), or the
/// place that hides the fewest data points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Best,
    At(u8, u8),
}

/// matplotlib's order of preference for `"best"`, as (horizontal, vertical) places.
const PREFERENCE: [(u8, u8); 9] = [
    (2, 2),
    (0, 2),
    (0, 0),
    (2, 0),
    (2, 1),
    (0, 1),
    (1, 0),
    (1, 2),
    (1, 1),
];

impl Location {
    /// Reads matplotlib's location names: `"best"`, `"upper right"`, `"center left"`, `"right"`...
    pub fn parse(name: &str) -> Result<Location> {
        let vertical = |word: &str| match word {
            "upper" => Some(2),
            "center" => Some(1),
            "lower" => Some(0),
            _ => None,
        };
        let horizontal = |word: &str| match word {
            "left" => Some(0),
            "center" => Some(1),
            "right" => Some(2),
            _ => None,
        };
        let words: Vec<&str> = name.split_whitespace().collect();
        let location = match words.as_slice() {
            ["best"] => Some(Location::Best),
            ["center"] => Some(Location::At(1, 1)),
            ["right"] => Some(Location::At(2, 1)),
            [v, h] => vertical(v)
                .zip(horizontal(h))
                .map(|(v, h)| Location::At(h, v)),
            _ => None,
        };
        location.ok_or_else(|| {
            Error::invalid(
                "legend",
                "a matplotlib location: \"best\", \"upper right\", \"upper left\", \"lower left\", \
                 \"lower right\", \"right\", \"center left\", \"center right\", \"lower center\", \
                 \"upper center\" or \"center\"",
                format!("{name:?}"),
            )
        })
    }
}

/// One legend line: how the series looks and what it is called.
pub(crate) struct Entry<'a> {
    pub style: &'a Style,
    pub color: Color,
    pub label: &'a str,
}

/// Draws the legend box in the axes `area` (whose size `frame` gives); `points` are the data
/// points in pixels, which `"best"` avoids.
pub(crate) fn draw<DB: DrawingBackend>(
    area: &Area<DB>,
    frame: &Frame,
    location: Location,
    entries: &[Entry],
    points: &[(f64, f64)],
    scale: f64,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let style = font(FONT_SIZE, scale, Color::BLACK, (HPos::Left, VPos::Center));
    let widest = entries
        .iter()
        .map(|e| text_size(area, e.label, &style).map(|s| s.0))
        .try_fold(0, |m, w| w.map(|w| m.max(w)))?;
    let line_height = FONT_SIZE * 1.5 * scale;
    let (pad, sample) = (PADDING * scale, SAMPLE_LENGTH * scale);
    let width = pad * 3.0 + sample + f64::from(widest);
    let height = pad * 2.0 + line_height * entries.len() as f64;
    let corner = |(h, v): (u8, u8)| {
        let offset = OFFSET * scale;
        let x = match h {
            0 => offset,
            1 => (frame.width - width) / 2.0,
            _ => frame.width - width - offset,
        };
        let y = match v {
            2 => offset,
            1 => (frame.height - height) / 2.0,
            _ => frame.height - height - offset,
        };
        (x, y)
    };
    let (left, top) = match location {
        Location::At(h, v) => corner((h, v)),
        Location::Best => {
            let hidden = |place| {
                let (x, y) = corner(place);
                points
                    .iter()
                    .filter(|p| (x..=x + width).contains(&p.0) && (y..=y + height).contains(&p.1))
                    .count()
            };
            corner(
                *PREFERENCE
                    .iter()
                    .min_by_key(|&&place| hidden(place))
                    .unwrap_or(&PREFERENCE[0]),
            )
        }
    };
    let (x0, y0, x1, y1) = (
        left.round() as i32,
        top.round() as i32,
        (left + width).round() as i32,
        (top + height).round() as i32,
    );
    area.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        WHITE.mix(0.8).filled(),
    ))
    .map_err(plot_error)?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        RGBColor(204, 204, 204).stroke_width(scale.round() as u32),
    ))
    .map_err(plot_error)?;
    for (i, entry) in entries.iter().enumerate() {
        let y = top + pad + line_height * (i as f64 + 0.5);
        let color = paint(entry.color, entry.style.alpha);
        if let Some(kind) = entry.style.line {
            let run = [(left + pad, y), (left + pad + sample, y)];
            marks::polyline(area, &run, kind, color, entry.style.width * scale)?;
        }
        if let Some(m) = entry.style.marker {
            marks::marker(
                area,
                (left + pad + sample / 2.0, y),
                m,
                entry.style.marker_size * scale,
                color,
                scale,
            )?;
        }
        let at = ((left + pad * 2.0 + sample).round() as i32, y.round() as i32);
        text(
            area,
            entry.label,
            at,
            FONT_SIZE,
            scale,
            Color::BLACK,
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matplotlib_location_names_parse() {
        assert_eq!(Location::parse("best").unwrap(), Location::Best);
        assert_eq!(Location::parse("upper left").unwrap(), Location::At(0, 2));
        assert_eq!(Location::parse("center right").unwrap(), Location::At(2, 1));
        assert_eq!(Location::parse("right").unwrap(), Location::At(2, 1));
        assert_eq!(Location::parse("lower center").unwrap(), Location::At(1, 0));
        assert!(
            Location::parse("top")
                .unwrap_err()
                .to_string()
                .contains("upper right")
        );
    }
}
