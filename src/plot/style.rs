//! How a series looks: [`Style`], written like a matplotlib format string (`"b--"`, `"r-+"`,
//! `"g^"`, `"k:"`) with optional width, marker size, alpha and color on top.

use crate::error::{Error, Result};
use crate::plot::color::Color;

/// The stroke of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// `"-"`
    Solid,
    /// `"--"`
    Dashed,
    /// `":"`
    Dotted,
    /// `"-."`
    DashDot,
}

impl LineKind {
    /// The dash pattern, on and off lengths in line widths (matplotlib's), or `None` for solid.
    pub(crate) fn pattern(self) -> Option<&'static [f64]> {
        match self {
            LineKind::Solid => None,
            LineKind::Dashed => Some(&[3.7, 1.6]),
            LineKind::Dotted => Some(&[1.0, 1.65]),
            LineKind::DashDot => Some(&[6.4, 1.6, 1.0, 1.6]),
        }
    }
}

/// The shape drawn at each point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// `"."`: a small dot.
    Point,
    /// `","`: one pixel.
    Pixel,
    /// `"o"`
    Circle,
    /// `"s"`
    Square,
    /// `"^"`
    TriangleUp,
    /// `"v"`
    TriangleDown,
    /// `"<"`
    TriangleLeft,
    /// `">"`
    TriangleRight,
    /// `"D"`
    Diamond,
    /// `"d"`
    ThinDiamond,
    /// `"p"`
    Pentagon,
    /// `"h"`
    Hexagon,
    /// `"*"`
    Star,
    /// `"+"`
    Plus,
    /// `"x"`
    Cross,
    /// `"|"`
    VerticalBar,
    /// `"_"`
    HorizontalBar,
}

impl Marker {
    fn from_char(c: char) -> Option<Marker> {
        Some(match c {
            '.' => Marker::Point,
            ',' => Marker::Pixel,
            'o' => Marker::Circle,
            's' => Marker::Square,
            '^' => Marker::TriangleUp,
            'v' => Marker::TriangleDown,
            '<' => Marker::TriangleLeft,
            '>' => Marker::TriangleRight,
            'D' => Marker::Diamond,
            'd' => Marker::ThinDiamond,
            'p' => Marker::Pentagon,
            'h' => Marker::Hexagon,
            '*' => Marker::Star,
            '+' => Marker::Plus,
            'x' => Marker::Cross,
            '|' => Marker::VerticalBar,
            '_' => Marker::HorizontalBar,
            _ => return None,
        })
    }
}

/// The look of a series: color, line, marker, widths, transparency.
///
/// Built from a matplotlib format string, in any order: a color (`b g r c m y k w`, or `C0` to
/// `C9` for matplotlib's cycle), a line (`-` solid, `--` dashed, `:` dotted, `-.` dash-dot) and a
/// marker (`. , o s ^ v < > D d p h * + x | _`). A string with a marker and no line draws
/// markers only, as in matplotlib; a string with no color takes the next color of the cycle.
/// A `&str` converts into a `Style`, so plotting calls take `"b--"` directly.
///
/// ```
/// use handson::plot::{Color, Style};
/// let thick = Style::new("r-+").width(3.0);
/// assert_eq!(thick, Style::from("r-+").width(3.0));
/// let faint = Style::new("o").color(Color::hex(0x9898ff)).alpha(0.5);
/// # let _ = faint;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    pub(crate) format: String,
    pub(crate) color: Option<Color>,
    pub(crate) line: Option<LineKind>,
    pub(crate) marker: Option<Marker>,
    pub(crate) width: f64,
    pub(crate) marker_size: f64,
    pub(crate) alpha: f64,
    /// Whether `format` parsed; checked when the figure is made.
    pub(crate) valid: bool,
}

const DEFAULT_WIDTH: f64 = 1.5;
const DEFAULT_MARKER_SIZE: f64 = 6.0;
/// The widest line and largest marker, in logical pixels.
const MAX_SIZE: f64 = 100.0;

impl Style {
    /// The style a matplotlib format string describes (an invalid one is reported when the
    /// figure is made).
    pub fn new(format: &str) -> Style {
        let mut style = Style {
            format: format.to_string(),
            color: None,
            line: None,
            marker: None,
            width: DEFAULT_WIDTH,
            marker_size: DEFAULT_MARKER_SIZE,
            alpha: 1.0,
            valid: true,
        };
        style.valid = style.parse(format).is_some();
        style
    }

    fn parse(&mut self, format: &str) -> Option<()> {
        let chars: Vec<char> = format.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let (c, next) = (chars[i], chars.get(i + 1).copied());
            let line = match (c, next) {
                ('-', Some('-')) => Some((LineKind::Dashed, 2)),
                ('-', Some('.')) => Some((LineKind::DashDot, 2)),
                ('-', _) => Some((LineKind::Solid, 1)),
                (':', _) => Some((LineKind::Dotted, 1)),
                _ => None,
            };
            if let Some((kind, len)) = line {
                set_once(&mut self.line, kind)?;
                i += len;
            } else if let ('C', Some(d)) = (c, next) {
                set_once(&mut self.color, Color::CYCLE[d.to_digit(10)? as usize])?;
                i += 2;
            } else if let Some(color) = letter_color(c) {
                set_once(&mut self.color, color)?;
                i += 1;
            } else {
                set_once(&mut self.marker, Marker::from_char(c)?)?;
                i += 1;
            }
        }
        Some(())
    }

    /// The same style with lines `width` pixels wide (matplotlib's `linewidth`, default 1.5).
    pub fn width(mut self, width: f64) -> Style {
        self.width = width;
        self
    }

    /// The same style with markers `size` pixels across (matplotlib's `markersize`, default 6).
    pub fn marker_size(mut self, size: f64) -> Style {
        self.marker_size = size;
        self
    }

    /// The same style drawn with opacity `alpha`, from 0 (invisible) to 1 (opaque).
    pub fn alpha(mut self, alpha: f64) -> Style {
        self.alpha = alpha;
        self
    }

    /// The same style in `color`, whatever the format string said.
    pub fn color(mut self, color: Color) -> Style {
        self.color = Some(color);
        self
    }

    /// Checks the format string and the numbers, naming `what` (the series) in the error.
    pub(crate) fn check(&self, what: &str) -> Result<()> {
        if !self.valid {
            return Err(Error::invalid(
                "style",
                format!(
                    "a matplotlib format string for {what}, such as \"b--\", \"r-+\" or \"g^\": a \
                     color (b g r c m y k w, C0-C9), a line (- -- : -.) and a marker \
                     (. , o s ^ v < > D d p h * + x | _), each at most once"
                ),
                format!("{:?}", self.format),
            ));
        }
        for (name, value) in [("width", self.width), ("marker_size", self.marker_size)] {
            if !(value > 0.0 && value <= MAX_SIZE) {
                return Err(Error::invalid(
                    name,
                    format!("a size above 0 and at most {MAX_SIZE} pixels for {what}"),
                    value,
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(Error::invalid(
                "alpha",
                format!("an opacity from 0 to 1 for {what}"),
                self.alpha,
            ));
        }
        Ok(())
    }

    /// This style, with `line` if the format string named neither a line nor a marker.
    pub(crate) fn or_line(mut self, line: LineKind) -> Style {
        if self.line.is_none() && self.marker.is_none() {
            self.line = Some(line);
        }
        self
    }

    /// This style, with `marker` if the format string named neither a line nor a marker.
    pub(crate) fn or_marker(mut self, marker: Marker) -> Style {
        if self.line.is_none() && self.marker.is_none() {
            self.marker = Some(marker);
        }
        self
    }
}

impl From<&str> for Style {
    fn from(format: &str) -> Style {
        Style::new(format)
    }
}

impl From<&String> for Style {
    fn from(format: &String) -> Style {
        Style::new(format)
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

fn letter_color(c: char) -> Option<Color> {
    Some(match c {
        'b' => Color::BLUE,
        'g' => Color::GREEN,
        'r' => Color::RED,
        'c' => Color::CYAN,
        'm' => Color::MAGENTA,
        'y' => Color::YELLOW,
        'k' => Color::BLACK,
        'w' => Color::WHITE,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_strings_parse_like_matplotlib() {
        let s = Style::new("b--");
        assert_eq!(
            (s.color, s.line, s.marker),
            (Some(Color::BLUE), Some(LineKind::Dashed), None)
        );
        let s = Style::new("r-+");
        assert_eq!(
            (s.color, s.line, s.marker),
            (Some(Color::RED), Some(LineKind::Solid), Some(Marker::Plus))
        );
        let s = Style::new("g^");
        assert_eq!(
            (s.color, s.line, s.marker),
            (Some(Color::GREEN), None, Some(Marker::TriangleUp))
        );
        let s = Style::new("C1-.");
        assert_eq!(
            (s.color, s.line),
            (Some(Color::CYCLE[1]), Some(LineKind::DashDot))
        );
        assert_eq!(Style::new("k:").line, Some(LineKind::Dotted));
        assert!(Style::new("").check("x").is_ok());
    }

    #[test]
    fn bad_format_strings_are_reported() {
        for bad in ["q", "bb", "--:", "C", "Cx", "o^"] {
            let err = Style::new(bad).check("series 1").unwrap_err().to_string();
            assert!(err.contains("matplotlib format string"), "{bad}: {err}");
        }
        assert!(Style::new("b").width(-1.0).check("x").is_err());
        assert!(Style::new("b").alpha(2.0).check("x").is_err());
    }
}
