//! [`Figure`]: a finished picture that a notebook shows inline and a program saves.
//!
//! A figure keeps what it shows (a plot, a matrix, digits, a layout of other figures) and draws
//! it when asked: as a PNG at twice its size, so that it is sharp on high-density screens, or as
//! SVG. In an evcxr notebook, a cell whose value is a `Figure` displays it (evcxr calls
//! [`Figure::evcxr_display`]); [`Figure::svg`] shows it as SVG instead.

use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use image::{ImageFormat, RgbImage};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::{Error, Result};
use crate::plot::color::Color;
use crate::plot::draw::{Area, plot_error, px, text};
use crate::plot::fonts;

/// PNG pixels per logical pixel.
pub const PNG_SCALE: u32 = 2;
/// The largest side and area of a figure, in logical pixels (its PNG has 4 times the area).
const MAX_SIDE: u32 = 16_384;
const MAX_AREA: u64 = 4096 * 4096;
/// Height of the band [`Figure::with_title`] adds, in logical pixels.
const TITLE_HEIGHT: u32 = 30;
const TITLE_SIZE: f64 = 16.0;

/// A finished figure, `width` x `height` logical pixels (its PNG has twice as many each way).
#[derive(Clone)]
pub struct Figure {
    width: u32,
    height: u32,
    content: Arc<Content>,
}

/// What a figure shows; every variant was checked when the figure was made.
#[derive(Debug)]
pub(crate) enum Content {
    /// A plot, a matrix or a grey image: the modules that make them implement [`Draw`], so
    /// that this module names none of them.
    Drawing(Box<dyn Drawing>),
    /// Other figures, each at its logical offset.
    Layout(Vec<((u32, u32), Figure)>),
    Titled(String, Figure),
}

/// Something a figure draws, on any backend: implemented by `Plot`, `MatShow` and the grey
/// images of digits.
pub(crate) trait Draw: std::fmt::Debug + Send + Sync {
    /// Draws on `area` at `scale` backend pixels per logical pixel.
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, scale: f64) -> Result<()>;
}

/// [`Draw`] on the two backends that figures are drawn on, in a form a `Box<dyn _>` can hold
/// (a generic method cannot be called through one).
pub(crate) trait Drawing: std::fmt::Debug + Send + Sync {
    /// Draws for a PNG.
    fn draw_bitmap(&self, area: &Area<BitMapBackend<'_>>, scale: f64) -> Result<()>;
    /// Draws for an SVG document.
    fn draw_svg(&self, area: &Area<SVGBackend<'_>>, scale: f64) -> Result<()>;
}

impl<T: Draw> Drawing for T {
    fn draw_bitmap(&self, area: &Area<BitMapBackend<'_>>, scale: f64) -> Result<()> {
        self.draw(area, scale)
    }

    fn draw_svg(&self, area: &Area<SVGBackend<'_>>, scale: f64) -> Result<()> {
        self.draw(area, scale)
    }
}

/// A backend that figures are drawn on: which [`Drawing`] method draws on it.
pub(crate) trait Backend: DrawingBackend + Sized {
    /// Draws `drawing` on `area`.
    fn draw(drawing: &dyn Drawing, area: &Area<Self>, scale: f64) -> Result<()>;
}

impl Backend for BitMapBackend<'_> {
    fn draw(drawing: &dyn Drawing, area: &Area<Self>, scale: f64) -> Result<()> {
        drawing.draw_bitmap(area, scale)
    }
}

impl Backend for SVGBackend<'_> {
    fn draw(drawing: &dyn Drawing, area: &Area<Self>, scale: f64) -> Result<()> {
        drawing.draw_svg(area, scale)
    }
}

impl std::fmt::Debug for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Figure({}x{})", self.width, self.height)
    }
}

impl Figure {
    pub(crate) fn new(width: u32, height: u32, content: Content) -> Result<Figure> {
        if width == 0 || height == 0 {
            return Err(Error::invalid(
                "size",
                "a width and height of at least 1 pixel",
                format!("{width}x{height}"),
            ));
        }
        if width.max(height) > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_AREA {
            return Err(Error::invalid(
                "size",
                format!(
                    "a figure of at most {MAX_SIDE} pixels a side and {MAX_AREA} pixels in all \
                     (draw fewer images or cells, or split them over several figures)"
                ),
                format!("{width}x{height}"),
            ));
        }
        Ok(Figure {
            width,
            height,
            content: Arc::new(content),
        })
    }

    /// The figure's size in logical pixels, `(width, height)`; its PNG is [`PNG_SCALE`] times
    /// larger each way and shows at this size.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// The same figure under a centered title (a cheap copy: figures share what they show).
    ///
    /// ```
    /// use handson::plot::plot_digit;
    /// let digit = ndarray::Array1::<f64>::zeros(784);
    /// let fig = plot_digit(&digit)?.with_title("Original");
    /// assert_eq!(fig.size(), (224, 254));
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn with_title(&self, title: &str) -> Figure {
        // No size check: a title band is small next to the limits, which leave room for it.
        Figure {
            width: self.width,
            height: self.height + TITLE_HEIGHT,
            content: Arc::new(Content::Titled(title.to_string(), self.clone())),
        }
    }

    /// Draws the figure on `area` at `scale` backend pixels per logical pixel.
    fn draw<DB: Backend>(&self, area: &Area<DB>, scale: f64) -> Result<()> {
        match &*self.content {
            Content::Drawing(drawing) => DB::draw(drawing.as_ref(), area, scale),
            Content::Layout(parts) => {
                for ((x, y), figure) in parts {
                    let (w, h) = figure.size();
                    let sub = area.clone().shrink(
                        (px(f64::from(*x), scale), px(f64::from(*y), scale)),
                        (
                            px(f64::from(w), scale) as u32,
                            px(f64::from(h), scale) as u32,
                        ),
                    );
                    figure.draw(&sub, scale)?;
                }
                Ok(())
            }
            Content::Titled(title, figure) => {
                let band = px(f64::from(TITLE_HEIGHT), scale);
                let center = (px(f64::from(self.width) / 2.0, scale), band / 2);
                text(
                    area,
                    title,
                    center,
                    TITLE_SIZE,
                    scale,
                    Color::BLACK,
                    (HPos::Center, VPos::Center),
                )?;
                let (w, h) = figure.size();
                let sub = area.clone().shrink(
                    (0, band),
                    (
                        px(f64::from(w), scale) as u32,
                        px(f64::from(h), scale) as u32,
                    ),
                );
                figure.draw(&sub, scale)
            }
        }
    }

    /// The figure drawn at [`PNG_SCALE`] as RGB pixels.
    pub fn to_image(&self) -> Result<RgbImage> {
        fonts::ensure_registered()?;
        let (width, height) = (self.width * PNG_SCALE, self.height * PNG_SCALE);
        let mut buffer = vec![255u8; width as usize * height as usize * 3];
        {
            let area = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
            self.draw(&area, f64::from(PNG_SCALE))?;
            area.present().map_err(plot_error)?;
        }
        RgbImage::from_raw(width, height, buffer)
            .ok_or_else(|| Error::Plot("the pixel buffer does not match the figure's size".into()))
    }

    /// The figure as a PNG file, [`PNG_SCALE`] times its logical size.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        self.to_image()?
            .write_to(&mut bytes, ImageFormat::Png)
            .map_err(|e| Error::Plot(format!("PNG encoding failed: {e}")))?;
        Ok(bytes.into_inner())
    }

    /// The figure as an SVG document at its logical size.
    pub fn to_svg(&self) -> Result<String> {
        fonts::ensure_registered()?;
        let mut svg = String::new();
        {
            let area =
                SVGBackend::with_string(&mut svg, (self.width, self.height)).into_drawing_area();
            area.fill(&WHITE).map_err(plot_error)?;
            self.draw(&area, 1.0)?;
            area.present().map_err(plot_error)?;
        }
        Ok(svg)
    }

    /// The figure as SVG, for a notebook cell that should show it as a vector image:
    /// `fig.svg()?`.
    pub fn svg(&self) -> Result<Svg> {
        self.to_svg().map(Svg)
    }

    /// Saves the figure at `path`, as PNG or SVG after the path's extension (`.png`, `.svg`).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let bytes = match extension.as_deref() {
            Some("png") => self.to_png()?,
            Some("svg") => self.to_svg()?.into_bytes(),
            _ => {
                return Err(Error::invalid(
                    "path",
                    "a file name ending in .png or .svg",
                    path.display(),
                ));
            }
        };
        std::fs::write(path, bytes).map_err(|e| Error::io("writing", path, e))
    }

    /// Shows the figure inline in an evcxr notebook (evcxr calls this for a cell's value).
    ///
    /// The output holds the PNG twice: as `image/png`, and inside an HTML `<img>` that displays
    /// it at the figure's logical size, which notebook front ends prefer, so that the figure is
    /// neither blurred nor twice too large on any screen.
    pub fn evcxr_display(&self) {
        match self.to_png() {
            Ok(png) => {
                let png = base64::engine::general_purpose::STANDARD.encode(png);
                println!("EVCXR_BEGIN_CONTENT image/png\n{png}\nEVCXR_END_CONTENT");
                println!(
                    "EVCXR_BEGIN_CONTENT text/html\n<img width=\"{}\" height=\"{}\" \
                     src=\"data:image/png;base64,{png}\">\nEVCXR_END_CONTENT",
                    self.width, self.height
                );
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}

/// Shows a figure, or the error that prevented it, in a notebook.
pub(crate) fn display(figure: Result<Figure>) {
    match figure {
        Ok(figure) => figure.evcxr_display(),
        Err(e) => eprintln!("{e}"),
    }
}

/// A figure rendered as SVG, which a notebook cell displays as a vector image.
#[derive(Clone, Debug)]
pub struct Svg(pub String);

impl Svg {
    /// Shows the SVG inline in an evcxr notebook.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT",
            self.0
        );
    }
}

/// Anything that makes a [`Figure`]: a figure, a plot or matrix builder, or the `Result` of a
/// figure function, so that [`subplots`](crate::plot::subplots) takes them all.
pub trait IntoFigure {
    /// The figure, or why it cannot be drawn.
    fn into_figure(self) -> Result<Figure>;
}

impl IntoFigure for Figure {
    fn into_figure(self) -> Result<Figure> {
        Ok(self)
    }
}

impl IntoFigure for Result<Figure> {
    fn into_figure(self) -> Result<Figure> {
        self
    }
}
