//! [`Plot`]: line and scatter figures on one pair of axes, built the way the book calls
//! matplotlib: `plt.plot(x, y, "b--", label="Precision")` becomes
//! `.line(&x, &y, "b--", "Precision")`, then `.xlabel(..)`, `.legend(..)`, `.grid()`,
//! `.axis(..)`. Contour lines and filled class regions over a [`MeshGrid`], straight reference
//! lines, text and arrows complete the chapter 3 and 4 figures.
//!
//! The builder records what to draw; [`Plot::figure`] checks it all (a clear error for empty or
//! mismatched data, NaN, a bad format string) and returns the [`Figure`]. A notebook cell whose
//! value is a `Plot` shows it directly.

use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::Color as _;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::{Error, Result};
use crate::plot::color::{Color, Colormap};
use crate::plot::contour::{MeshGrid, draw_contours, draw_regions};
use crate::plot::draw::{Area, font, plot_error, px, text, text_size};
use crate::plot::figure::{self, Content, Draw, Figure, IntoFigure};
use crate::plot::fonts::FAMILY;
use crate::plot::legend::{self, Entry, Location};
use crate::plot::marks::{self, Frame, paint};
use crate::plot::style::{LineKind, Marker, Style};
use crate::plot::ticks::{decimals, fixed};
use crate::plot::values::Values;

const DEFAULT_SIZE: (u32, u32) = (640, 440);
const MIN_SIZE: u32 = 120;
/// The largest coordinate an axis shows (beyond it, tick labels and steps lose their digits).
const MAX_COORDINATE: f64 = 1e15;
const TICK_SIZE: f64 = 12.0;
const LABEL_SIZE: f64 = 14.0;
const TITLE_SIZE: f64 = 16.0;
const TEXT_SIZE: f64 = 14.0;
/// Logical pixels per tick label, at most, along each axis.
const X_TICK_SPACING: u32 = 60;
const Y_TICK_SPACING: u32 = 50;

/// A figure with one pair of axes: lines, markers, reference lines, contours, regions and text.
///
/// The book's precision/recall figure:
///
/// ```
/// use handson::plot::Plot;
/// let thresholds = [-2.0, -1.0, 0.0, 1.0, 2.0];
/// let (precisions, recalls) = ([0.5, 0.6, 0.75, 0.9, 1.0], [1.0, 0.9, 0.7, 0.4, 0.1]);
/// let fig = Plot::new()
///     .line(&thresholds, &precisions, "b--", "Precision")
///     .line(&thresholds, &recalls, "g-", "Recall")
///     .vline(0.5, "k:", "threshold")
///     .xlabel("Threshold")
///     .legend("center right")
///     .grid()
///     .axis(-2.0, 2.0, 0.0, 1.0)
///     .figure()?;
/// assert_eq!(fig.size(), (640, 440));
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Clone)]
pub struct Plot {
    size: (u32, u32),
    title: Option<String>,
    xlabel: Option<String>,
    ylabel: Option<String>,
    axis: Option<[f64; 4]>,
    grid: bool,
    legend: Option<String>,
    items: Vec<Item>,
}

#[derive(Clone)]
enum Item {
    Series {
        xs: Vec<f64>,
        ys: Vec<f64>,
        style: Style,
        label: String,
    },
    VLine {
        x: f64,
        style: Style,
        label: String,
    },
    HLine {
        y: f64,
        style: Style,
        label: String,
    },
    Text {
        at: (f64, f64),
        text: String,
    },
    Annotation {
        text: String,
        xy: (f64, f64),
        xytext: (f64, f64),
    },
    Contour {
        grid: MeshGrid,
        z: Vec<f64>,
        levels: Vec<f64>,
        colormap: Colormap,
    },
    Regions {
        grid: MeshGrid,
        z: Vec<f64>,
        colormap: Colormap,
    },
}

/// A one-line summary: evcxr prints it for a cell whose value it cannot display, such as
/// `plot.title("..")` on a `plot` kept from an earlier cell (write `plot.clone().title("..")`).
impl std::fmt::Debug for Plot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (w, h) = self.size;
        write!(f, "Plot({w}x{h}, {} items", self.items.len())?;
        match &self.title {
            Some(title) => write!(f, ", title {title:?})"),
            None => write!(f, ")"),
        }
    }
}

impl Default for Plot {
    fn default() -> Self {
        Plot::new()
    }
}

impl Plot {
    /// An empty plot, 640 x 440 logical pixels.
    pub fn new() -> Plot {
        Plot {
            size: DEFAULT_SIZE,
            title: None,
            xlabel: None,
            ylabel: None,
            axis: None,
            grid: false,
            legend: None,
            items: Vec::new(),
        }
    }

    /// Sets the figure's size in logical pixels (matplotlib's `figsize` times 100).
    pub fn size(mut self, width: u32, height: u32) -> Plot {
        self.size = (width, height);
        self
    }

    /// Draws `ys` against `xs` in `style` (a format string such as `"b--"` or a [`Style`]),
    /// named `label` in the legend (`""` for none). Like `plt.plot`: a line unless the style
    /// names only a marker.
    pub fn line(
        self,
        xs: impl Values,
        ys: impl Values,
        style: impl Into<Style>,
        label: &str,
    ) -> Plot {
        self.series(xs, ys, style.into().or_line(LineKind::Solid), label)
    }

    /// Draws a marker at each point (a circle unless `style` names another marker, such as
    /// `"bs"`, `"g^"` or `"b."`), named `label` in the legend (`""` for none).
    pub fn scatter(
        self,
        xs: impl Values,
        ys: impl Values,
        style: impl Into<Style>,
        label: &str,
    ) -> Plot {
        self.series(xs, ys, style.into().or_marker(Marker::Circle), label)
    }

    fn series(mut self, xs: impl Values, ys: impl Values, style: Style, label: &str) -> Plot {
        self.items.push(Item::Series {
            xs: xs.values(),
            ys: ys.values(),
            style,
            label: label.to_string(),
        });
        self
    }

    /// A vertical line across the axes at `x` (`plt.axvline`), such as a chosen threshold.
    pub fn vline(mut self, x: f64, style: impl Into<Style>, label: &str) -> Plot {
        self.items.push(Item::VLine {
            x,
            style: style.into().or_line(LineKind::Solid),
            label: label.to_string(),
        });
        self
    }

    /// A horizontal line across the axes at `y` (`plt.axhline`).
    pub fn hline(mut self, y: f64, style: impl Into<Style>, label: &str) -> Plot {
        self.items.push(Item::HLine {
            y,
            style: style.into().or_line(LineKind::Solid),
            label: label.to_string(),
        });
        self
    }

    /// Contour lines of `z` (one value per point of `grid`, in the order of
    /// [`MeshGrid::points`]) at each of `levels`, colored by `colormap` from the lowest level to
    /// the highest and labelled with their level (`plt.contour` then `plt.clabel`).
    pub fn contour(
        mut self,
        grid: &MeshGrid,
        z: impl Values,
        levels: impl Values,
        colormap: Colormap,
    ) -> Plot {
        self.items.push(Item::Contour {
            grid: grid.clone(),
            z: z.values(),
            levels: levels.values(),
            colormap,
        });
        self
    }

    /// Paints each cell of `grid` with the color of its value in `z` (one value per point, in the
    /// order of [`MeshGrid::points`]), scaled from the lowest value to the highest: predicted
    /// classes with a [`Colormap::Listed`] give the softmax regions, probabilities with
    /// [`Colormap::Viridis`] a shaded background (`plt.contourf`). Drawn beneath everything else.
    pub fn filled_regions(mut self, grid: &MeshGrid, z: impl Values, colormap: Colormap) -> Plot {
        self.items.push(Item::Regions {
            grid: grid.clone(),
            z: z.values(),
            colormap,
        });
        self
    }

    /// Writes `text` (several lines allowed) with its lower-left corner at the data point
    /// `(x, y)` (`plt.text`).
    pub fn text(mut self, x: f64, y: f64, text: &str) -> Plot {
        self.items.push(Item::Text {
            at: (x, y),
            text: text.to_string(),
        });
        self
    }

    /// Writes `text` centered at `xytext` with an arrow pointing at `xy`, both data points
    /// (`plt.annotate` with `arrowprops`).
    pub fn annotate(mut self, text: &str, xy: (f64, f64), xytext: (f64, f64)) -> Plot {
        self.items.push(Item::Annotation {
            text: text.to_string(),
            xy,
            xytext,
        });
        self
    }

    /// A title above the axes.
    pub fn title(mut self, title: &str) -> Plot {
        self.title = Some(title.to_string());
        self
    }

    /// The x axis' label.
    pub fn xlabel(mut self, label: &str) -> Plot {
        self.xlabel = Some(label.to_string());
        self
    }

    /// The y axis' label.
    pub fn ylabel(mut self, label: &str) -> Plot {
        self.ylabel = Some(label.to_string());
        self
    }

    /// Shows a legend of the labelled series at `location`, a matplotlib location name:
    /// `"best"` (where it hides the fewest points), `"upper right"`, `"center left"`, `"right"`...
    pub fn legend(mut self, location: &str) -> Plot {
        self.legend = Some(location.to_string());
        self
    }

    /// Draws grid lines at the ticks.
    pub fn grid(mut self) -> Plot {
        self.grid = true;
        self
    }

    /// Sets the axes' ranges (`plt.axis([xmin, xmax, ymin, ymax])`); without it they fit the
    /// data with a 5% margin.
    pub fn axis(mut self, xmin: f64, xmax: f64, ymin: f64, ymax: f64) -> Plot {
        self.axis = Some([xmin, xmax, ymin, ymax]);
        self
    }

    /// Checks everything and makes the figure.
    pub fn figure(&self) -> Result<Figure> {
        let (width, height) = self.size;
        if width < MIN_SIZE || height < MIN_SIZE {
            return Err(Error::invalid(
                "size",
                format!("at least {MIN_SIZE}x{MIN_SIZE} pixels"),
                format!("{width}x{height}"),
            ));
        }
        if let Some(location) = &self.legend {
            Location::parse(location)?;
        }
        if let Some(axis) = self.axis {
            if axis.iter().any(|v| !v.is_finite()) || axis[0] >= axis[1] || axis[2] >= axis[3] {
                return Err(Error::invalid(
                    "axis",
                    "finite ranges with xmin < xmax and ymin < ymax",
                    format!("{axis:?}"),
                ));
            }
        }
        let mut checked = self.clone();
        let mut cycle = Color::CYCLE.iter().cycle();
        for (index, item) in checked.items.iter_mut().enumerate() {
            check(item, index + 1)?;
            if let Item::Series { style, .. }
            | Item::VLine { style, .. }
            | Item::HLine { style, .. } = item
            {
                if style.color.is_none() {
                    style.color = cycle.next().copied();
                }
            }
        }
        let (x_range, y_range) = checked.ranges();
        for (axis, (low, high)) in [("x", x_range), ("y", y_range)] {
            let size = low.abs().max(high.abs());
            if !(size <= MAX_COORDINATE && high - low > size * 1e-12) {
                return Err(Error::invalid(
                    "axis",
                    format!(
                        "an {axis} range wider than a trillionth of its values and within \
                         ±{MAX_COORDINATE:e} (set .axis(xmin, xmax, ymin, ymax) to the part to show)"
                    ),
                    format!("{axis} from {low:e} to {high:e}"),
                ));
            }
        }
        Figure::new(width, height, Content::Drawing(Box::new(checked)))
    }

    /// Shows the plot inline in an evcxr notebook, or the error that prevents it.
    pub fn evcxr_display(&self) {
        figure::display(self.figure());
    }

    /// The axes' ranges: the `axis` the user set, else the data's with a 5% margin (grids of
    /// contours and regions fill the axes exactly).
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        if let Some([x0, x1, y0, y1]) = self.axis {
            return ((x0, x1), (y0, y1));
        }
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        let (mut grid_x, mut grid_y) = (Bounds::default(), Bounds::default());
        for item in &self.items {
            match item {
                Item::Series { xs: sx, ys: sy, .. } => {
                    xs.extend_from_slice(sx);
                    ys.extend_from_slice(sy);
                }
                Item::VLine { x, .. } => xs.push(*x),
                Item::HLine { y, .. } => ys.push(*y),
                Item::Text { at, .. } => {
                    xs.push(at.0);
                    ys.push(at.1);
                }
                Item::Annotation { xy, xytext, .. } => {
                    xs.extend([xy.0, xytext.0]);
                    ys.extend([xy.1, xytext.1]);
                }
                Item::Contour { grid, .. } | Item::Regions { grid, .. } => {
                    grid_x.extend(grid.xs());
                    grid_y.extend(grid.ys());
                }
            }
        }
        let fit = |values: &[f64], grid: Bounds| {
            let mut data = Bounds::default();
            data.extend(values);
            let padded = data.padded();
            match (padded, grid.range()) {
                (Some(d), Some(g)) => (d.0.min(g.0), d.1.max(g.1)),
                (Some(r), None) | (None, Some(r)) => r,
                (None, None) => (0.0, 1.0),
            }
        };
        (fit(&xs, grid_x), fit(&ys, grid_y))
    }
}

impl Draw for Plot {
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, scale: f64) -> Result<()> {
        let (x_range, y_range) = self.ranges();
        let tick_style = font(TICK_SIZE, scale, Color::BLACK, (HPos::Center, VPos::Center));
        let x_count = (self.size.0 / X_TICK_SPACING).clamp(3, 9) as usize;
        let y_count = (self.size.1 / Y_TICK_SPACING).clamp(3, 8) as usize;
        let y_ticks = RangedCoordf64::from(y_range.0..y_range.1).key_points(y_count);
        let widest_tick = y_ticks.iter().try_fold(0, |m, &v| {
            text_size(area, &fixed(v, decimals(&y_ticks)), &tick_style).map(|s| m.max(s.0))
        })?;
        let label_room = |label: &Option<String>| {
            if label.is_some() {
                LABEL_SIZE * 1.3
            } else {
                0.0
            }
        };
        let mut builder = ChartBuilder::on(area);
        builder
            .margin_top(px(12.0, scale))
            .margin_right(px(18.0, scale))
            .margin_left(px(6.0, scale))
            .margin_bottom(px(6.0, scale))
            .x_label_area_size(px(TICK_SIZE * 1.8 + label_room(&self.xlabel), scale))
            .y_label_area_size(widest_tick as i32 + px(12.0 + label_room(&self.ylabel), scale));
        if let Some(title) = &self.title {
            builder.caption(title, (FAMILY, TITLE_SIZE * scale));
        }
        let mut chart = builder
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
            .map_err(plot_error)?;
        let x_ticks = RangedCoordf64::from(x_range.0..x_range.1).key_points(x_count);
        let (x_decimals, y_decimals) = (decimals(&x_ticks), decimals(&y_ticks));
        let x_formatter = |v: &f64| fixed(*v, x_decimals);
        let y_formatter = |v: &f64| fixed(*v, y_decimals);
        let grid_line = RGBColor(176, 176, 176).stroke_width(px(0.8, scale).max(1) as u32);
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(x_count)
            .y_labels(y_count)
            .x_label_formatter(&x_formatter)
            .y_label_formatter(&y_formatter)
            .label_style((FAMILY, TICK_SIZE * scale))
            .axis_desc_style((FAMILY, LABEL_SIZE * scale))
            .axis_style(BLACK.stroke_width(px(1.0, scale) as u32))
            .set_all_tick_mark_size(px(4.0, scale))
            .bold_line_style(grid_line)
            .max_light_lines(0);
        if let Some(label) = &self.xlabel {
            mesh.x_desc(label);
        }
        if let Some(label) = &self.ylabel {
            mesh.y_desc(label);
        }
        if !self.grid {
            mesh.disable_mesh();
        }
        mesh.draw().map_err(plot_error)?;
        let axes = chart.plotting_area().strip_coord_spec();
        let (w, h) = axes.dim_in_pixel();
        let frame = Frame {
            x: x_range,
            y: y_range,
            width: f64::from(w),
            height: f64::from(h),
        };
        self.draw_items(&axes, &frame, scale)?;
        let box_style = BLACK.stroke_width(px(1.0, scale) as u32);
        axes.draw(&Rectangle::new(
            [(0, 0), (w as i32 - 1, h as i32 - 1)],
            box_style,
        ))
        .map_err(plot_error)
    }
}

impl Plot {
    /// Draws the items in matplotlib's stacking order: regions, contours, lines and markers in
    /// the order given, text, the legend.
    fn draw_items<DB: DrawingBackend>(
        &self,
        axes: &Area<DB>,
        frame: &Frame,
        scale: f64,
    ) -> Result<()> {
        for item in &self.items {
            if let Item::Regions { grid, z, colormap } = item {
                draw_regions(axes, frame, grid, z, colormap)?;
            }
        }
        for item in &self.items {
            if let Item::Contour {
                grid,
                z,
                levels,
                colormap,
            } = item
            {
                draw_contours(axes, frame, grid, z, levels, colormap, scale)?;
            }
        }
        let mut points = Vec::new();
        let mut entries = Vec::new();
        for item in &self.items {
            let (style, label, pixels) = match item {
                Item::Series {
                    xs,
                    ys,
                    style,
                    label,
                } => (
                    style,
                    label,
                    xs.iter()
                        .zip(ys)
                        .map(|(&x, &y)| frame.to_px((x, y)))
                        .collect(),
                ),
                Item::VLine { x, style, label } => (
                    style,
                    label,
                    vec![frame.to_px((*x, frame.y.0)), frame.to_px((*x, frame.y.1))],
                ),
                Item::HLine { y, style, label } => (
                    style,
                    label,
                    vec![frame.to_px((frame.x.0, *y)), frame.to_px((frame.x.1, *y))],
                ),
                _ => continue,
            };
            let color = style.color.unwrap_or(Color::BLACK);
            draw_series(axes, frame, &pixels, style, color, scale)?;
            if !label.is_empty() {
                entries.push(Entry {
                    style,
                    color,
                    label,
                });
            }
            if matches!(item, Item::Series { .. }) {
                points.extend(pixels);
            }
        }
        for item in &self.items {
            match item {
                Item::Text { at, text: words } => {
                    let (x, y) = frame.to_px(*at);
                    let at = (x.round() as i32, y.round() as i32);
                    text(
                        axes,
                        words,
                        at,
                        TEXT_SIZE,
                        scale,
                        Color::BLACK,
                        (HPos::Left, VPos::Bottom),
                    )?;
                }
                Item::Annotation {
                    text: words,
                    xy,
                    xytext,
                } => draw_annotation(axes, frame, words, *xy, *xytext, scale)?,
                _ => {}
            }
        }
        if let Some(location) = &self.legend {
            legend::draw(
                axes,
                frame,
                Location::parse(location)?,
                &entries,
                &points,
                scale,
            )?;
        }
        Ok(())
    }
}

/// Checks one item, numbered from 1 in the order it was added.
fn check(item: &Item, number: usize) -> Result<()> {
    let finite = |name: &'static str, values: &[f64], what: &str| match values
        .iter()
        .find(|v| !v.is_finite())
    {
        Some(bad) => Err(Error::invalid(
            name,
            format!("finite numbers for {what}"),
            bad,
        )),
        None => Ok(()),
    };
    match item {
        Item::Series {
            xs,
            ys,
            style,
            label,
        } => {
            let what = if label.is_empty() {
                format!("series {number}")
            } else {
                format!("series {number} ({label:?})")
            };
            if xs.is_empty() {
                return Err(Error::invalid(
                    "xs",
                    format!("at least one point for {what}"),
                    "no values",
                ));
            }
            if xs.len() != ys.len() {
                return Err(Error::invalid(
                    "ys",
                    format!("as many values as xs ({}) for {what}", xs.len()),
                    ys.len(),
                ));
            }
            finite("xs", xs, &what)?;
            finite("ys", ys, &what)?;
            style.check(&what)
        }
        Item::VLine { x: v, style, .. } | Item::HLine { y: v, style, .. } => {
            let what = format!("line {number}");
            finite("position", &[*v], &what)?;
            style.check(&what)
        }
        Item::Text { at, .. } => finite("position", &[at.0, at.1], "the text"),
        Item::Annotation { xy, xytext, .. } => finite(
            "xy, xytext",
            &[xy.0, xy.1, xytext.0, xytext.1],
            "the annotation",
        ),
        Item::Contour {
            grid,
            z,
            levels,
            colormap,
        } => {
            grid.check_values(z, "z")?;
            if levels.is_empty() {
                return Err(Error::invalid(
                    "levels",
                    "at least one contour level",
                    "none",
                ));
            }
            finite("levels", levels, "the contour levels")?;
            check_colormap(colormap)
        }
        Item::Regions { grid, z, colormap } => {
            grid.check_values(z, "z")?;
            check_colormap(colormap)
        }
    }
}

fn check_colormap(colormap: &Colormap) -> Result<()> {
    match colormap {
        Colormap::Listed(colors) if colors.is_empty() => Err(Error::invalid(
            "colormap",
            "at least one color",
            "an empty list",
        )),
        _ => Ok(()),
    }
}

/// Draws a series' line and markers from its pixel points.
fn draw_series<DB: DrawingBackend>(
    axes: &Area<DB>,
    frame: &Frame,
    pixels: &[(f64, f64)],
    style: &Style,
    color: Color,
    scale: f64,
) -> Result<()> {
    let paint = paint(color, style.alpha);
    if let Some(kind) = style.line {
        for run in frame.clip_polyline(pixels) {
            marks::polyline(axes, &run, kind, paint, style.width * scale)?;
        }
    }
    if let Some(marker) = style.marker {
        for &p in pixels.iter().filter(|&&p| frame.contains(p)) {
            marks::marker(axes, p, marker, style.marker_size * scale, paint, scale)?;
        }
    }
    Ok(())
}

fn draw_annotation<DB: DrawingBackend>(
    axes: &Area<DB>,
    frame: &Frame,
    words: &str,
    xy: (f64, f64),
    xytext: (f64, f64),
    scale: f64,
) -> Result<()> {
    let (from, to) = (frame.to_px(xytext), frame.to_px(xy));
    let style = font(TEXT_SIZE, scale, Color::BLACK, (HPos::Center, VPos::Center));
    let widest = words.lines().try_fold(0, |m, line| {
        text_size(axes, line, &style).map(|s| m.max(s.0))
    })?;
    let half_w = f64::from(widest) / 2.0;
    let half_h = TEXT_SIZE * scale * 1.2 * words.lines().count() as f64 / 2.0;
    // Start the arrow where it leaves the text's box, and stop it short of the point.
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt().max(1e-9);
    let exit = (half_w / dx.abs().max(1e-9))
        .min(half_h / dy.abs().max(1e-9))
        .min(1.0);
    let gap = 4.0 * scale;
    let start = (
        from.0 + dx * exit + dx / length * gap,
        from.1 + dy * exit + dy / length * gap,
    );
    let end = (to.0 - dx / length * gap, to.1 - dy / length * gap);
    if (end.0 - start.0) * dx + (end.1 - start.1) * dy > 0.0 {
        marks::arrow(
            axes,
            start,
            end,
            paint(Color::BLACK, 1.0),
            1.5 * scale,
            10.0 * scale,
        )?;
    }
    let at = (from.0.round() as i32, from.1.round() as i32);
    text(
        axes,
        words,
        at,
        TEXT_SIZE,
        scale,
        Color::BLACK,
        (HPos::Center, VPos::Center),
    )
}

/// The smallest and largest of some values.
#[derive(Clone, Copy, Debug)]
struct Bounds(f64, f64);

impl Default for Bounds {
    fn default() -> Self {
        Bounds(f64::INFINITY, f64::NEG_INFINITY)
    }
}

impl Bounds {
    fn extend<'a>(&mut self, values: impl IntoIterator<Item = &'a f64>) {
        for &v in values {
            *self = Bounds(self.0.min(v), self.1.max(v));
        }
    }

    fn range(self) -> Option<(f64, f64)> {
        (self.0 <= self.1).then_some((self.0, self.1))
    }

    /// The range with 5% more on each side (a single value, or values equal to 10 digits, get a
    /// range 10% of their size around them).
    fn padded(self) -> Option<(f64, f64)> {
        let (lo, hi) = self.range()?;
        let pad = if hi - lo > (hi + lo).abs() * 1e-10 {
            (hi - lo) * 0.05
        } else if lo == 0.0 {
            0.5
        } else {
            lo.abs() * 0.05
        };
        Some((lo - pad, hi + pad))
    }
}

impl IntoFigure for Plot {
    fn into_figure(self) -> Result<Figure> {
        self.figure()
    }
}

impl IntoFigure for &Plot {
    fn into_figure(self) -> Result<Figure> {
        self.figure()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_fit_the_data_with_a_margin() {
        let plot = Plot::new().line([0.0, 10.0], [1.0, 1.0], "-", "");
        let ((x0, x1), (y0, y1)) = plot.ranges();
        assert_eq!((x0, x1), (-0.5, 10.5));
        assert_eq!((y0, y1), (0.95, 1.05));
        assert_eq!(Plot::new().ranges(), ((0.0, 1.0), (0.0, 1.0)));
    }
}
