//! Colors and colormaps: [`Color`] (matplotlib's single-letter colors and its default color
//! cycle are constants here) and [`Colormap`] (gray and binary as in the book, viridis, or a
//! list of colors for class regions).

use plotters::style::RGBColor;
use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};

/// An opaque RGB color.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color {
    /// Red, 0 to 255.
    pub r: u8,
    /// Green, 0 to 255.
    pub g: u8,
    /// Blue, 0 to 255.
    pub b: u8,
}

impl Color {
    /// matplotlib's `"k"`.
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    /// matplotlib's `"w"`.
    pub const WHITE: Color = Color::rgb(255, 255, 255);
    /// matplotlib's `"b"`.
    pub const BLUE: Color = Color::rgb(0, 0, 255);
    /// matplotlib's `"g"`.
    pub const GREEN: Color = Color::rgb(0, 128, 0);
    /// matplotlib's `"r"`.
    pub const RED: Color = Color::rgb(255, 0, 0);
    /// matplotlib's `"c"`.
    pub const CYAN: Color = Color::rgb(0, 191, 191);
    /// matplotlib's `"m"`.
    pub const MAGENTA: Color = Color::rgb(191, 0, 191);
    /// matplotlib's `"y"`.
    pub const YELLOW: Color = Color::rgb(191, 191, 0);
    /// matplotlib's color cycle (`"C0"` to `"C9"`), given in turn to series without a color.
    pub const CYCLE: [Color; 10] = [
        Color::hex(0x1f77b4),
        Color::hex(0xff7f0e),
        Color::hex(0x2ca02c),
        Color::hex(0xd62728),
        Color::hex(0x9467bd),
        Color::hex(0x8c564b),
        Color::hex(0xe377c2),
        Color::hex(0x7f7f7f),
        Color::hex(0xbcbd22),
        Color::hex(0x17becf),
    ];

    /// A color from its red, green and blue parts.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }

    /// A color from a hex code: `Color::hex(0xfafab0)` is the book's `"#fafab0"`.
    pub const fn hex(rgb: u32) -> Color {
        Color::rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
    }

    /// The color as `#rrggbb`.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Whether black text reads better on this color than white text.
    pub(crate) fn is_light(self) -> bool {
        let luma =
            0.299 * f64::from(self.r) + 0.587 * f64::from(self.g) + 0.114 * f64::from(self.b);
        luma > 140.0
    }

    pub(crate) fn to_plotters(self) -> RGBColor {
        RGBColor(self.r, self.g, self.b)
    }
}

/// How values map to colors, from the lowest value (0) to the highest (1).
#[derive(Clone, Debug, PartialEq)]
pub enum Colormap {
    /// Black to white: the book's `plt.cm.gray`, used for confusion matrices.
    Gray,
    /// White to black: the book's `"binary"`, used for digits.
    Binary,
    /// matplotlib's perceptual default, dark purple to yellow.
    Viridis,
    /// A list of colors, the range cut in equal parts: with class labels 0, 1, 2 and three
    /// colors, class `k` gets color `k` (the book's `ListedColormap` for softmax regions).
    Listed(Vec<Color>),
}

impl Colormap {
    /// The color of `t`, a value scaled to 0..=1 (clamped; NaN gets the lowest color).
    pub fn color(&self, t: f64) -> Color {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        match self {
            Colormap::Gray => grey(t),
            Colormap::Binary => grey(1.0 - t),
            Colormap::Viridis => {
                let c: RGBColor = ViridisRGB.get_color(t);
                Color::rgb(c.0, c.1, c.2)
            }
            Colormap::Listed(colors) => match colors.len() {
                0 => Color::BLACK,
                n => colors[((t * n as f64) as usize).min(n - 1)],
            },
        }
    }

    /// The color of `value` on a scale from `low` to `high`.
    pub fn color_in(&self, value: f64, low: f64, high: f64) -> Color {
        self.color(if high > low {
            (value - low) / (high - low)
        } else {
            0.0
        })
    }
}

fn grey(t: f64) -> Color {
    let v = (255.0 * t).round() as u8;
    Color::rgb(v, v, v)
}
