//! [`Figure`]: a rendered picture that a notebook shows inline and a program saves.
//!
//! A figure is an RGB raster drawn with plotters. In an evcxr notebook, a cell whose value is a
//! `Figure` displays it as a PNG (evcxr calls [`Figure::evcxr_display`]).

use std::path::Path;

use base64::Engine;
use image::{ImageFormat, RgbImage};
use plotters::prelude::*;

use crate::error::{Error, Result};

/// A rendered figure: `width` x `height` RGB pixels.
#[derive(Clone)]
pub struct Figure {
    image: RgbImage,
}

impl std::fmt::Debug for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Figure({}x{})", self.image.width(), self.image.height())
    }
}

impl Figure {
    /// Renders a `width` x `height` figure on a white background with `draw`.
    ///
    /// ```
    /// use handson::plot::Figure;
    /// use plotters::prelude::*;
    /// let fig = Figure::draw(40, 30, |area| {
    ///     area.draw(&Rectangle::new([(0, 0), (10, 10)], BLACK.filled()))?;
    ///     Ok(())
    /// })?;
    /// assert_eq!(fig.size(), (40, 30));
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn draw<F>(width: u32, height: u32, draw: F) -> Result<Figure>
    where
        F: FnOnce(
            &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
        ) -> std::result::Result<(), Box<dyn std::error::Error>>,
    {
        if width == 0 || height == 0 {
            return Err(Error::invalid("size", "a width and height of at least 1 pixel", format!("{width}x{height}")));
        }
        let mut buffer = vec![255u8; width as usize * height as usize * 3];
        {
            let area = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
            draw(&area).map_err(|e| Error::Plot(e.to_string()))?;
            area.present().map_err(|e| Error::Plot(e.to_string()))?;
        }
        let image = RgbImage::from_raw(width, height, buffer)
            .ok_or_else(|| Error::Plot("the pixel buffer does not match the figure's size".into()))?;
        Ok(Figure { image })
    }

    /// The figure's size in pixels, `(width, height)`.
    pub fn size(&self) -> (u32, u32) {
        self.image.dimensions()
    }

    /// The figure's RGB pixel at column `x`, row `y`, or `None` outside the figure.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 3]> {
        self.image.get_pixel_checked(x, y).map(|p| p.0)
    }

    /// The figure encoded as a PNG file.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        self.image
            .write_to(&mut bytes, ImageFormat::Png)
            .map_err(|e| Error::Plot(format!("PNG encoding failed: {e}")))?;
        Ok(bytes.into_inner())
    }

    /// Saves the figure as a PNG file at `path`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_png()?).map_err(|e| Error::io("writing", path, e))
    }

    /// Shows the figure inline in an evcxr notebook (evcxr calls this for a cell's value).
    pub fn evcxr_display(&self) {
        match self.to_png() {
            Ok(png) => println!(
                "EVCXR_BEGIN_CONTENT image/png\n{}\nEVCXR_END_CONTENT",
                base64::engine::general_purpose::STANDARD.encode(png)
            ),
            Err(e) => eprintln!("{e}"),
        }
    }
}
