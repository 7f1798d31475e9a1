//! The figures of chapters 3 and 4, drawn from small made-up data the way a notebook draws them,
//! each checked as a learner would see it: a PNG that decodes, twice the figure's size, with
//! real content (ink, colors, text), plus golden images for a few and clear errors for bad input.
//!
//! Every figure is also written to `target/figures/` for a look.

use std::path::PathBuf;

use handson::prelude::*;
use image::RgbImage;

/// A tiny deterministic generator for made-up data.
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform().max(1e-12), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

fn figures_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/figures");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a figure's pixels look like.
struct Stats {
    ink: f64,
    colors: usize,
}

/// Decodes the figure's PNG, checks its size, saves it for a look and returns its statistics.
fn rendered(fig: &Figure, name: &str) -> (RgbImage, Stats) {
    let png = fig.to_png().unwrap();
    std::fs::write(figures_dir().join(format!("{name}.png")), &png).unwrap();
    let image = image::load_from_memory(&png).unwrap().to_rgb8();
    let (w, h) = fig.size();
    assert_eq!(
        image.dimensions(),
        (w * PNG_SCALE_, h * PNG_SCALE_),
        "{name}"
    );
    let total = f64::from(image.width() * image.height());
    let ink = image.pixels().filter(|p| p.0 != [255, 255, 255]).count() as f64 / total;
    let mut colors: Vec<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    colors.sort_unstable();
    colors.dedup();
    (
        image,
        Stats {
            ink,
            colors: colors.len(),
        },
    )
}

const PNG_SCALE_: u32 = handson::plot::PNG_SCALE;

/// Checks a figure with axes and text: some ink, not a flood, several colors (antialiased text).
fn check_plot(fig: &Figure, name: &str, min_colors: usize) -> RgbImage {
    let (image, stats) = rendered(fig, name);
    assert!(
        stats.ink > 0.01 && stats.ink < 0.9,
        "{name}: ink {}",
        stats.ink
    );
    assert!(
        stats.colors >= min_colors,
        "{name}: {} colors",
        stats.colors
    );
    image
}

/// Whether some pixel in the rectangle is close to `color`.
fn has_color(image: &RgbImage, color: [u8; 3]) -> bool {
    image
        .pixels()
        .any(|p| p.0.iter().zip(color).all(|(&a, b)| a.abs_diff(b) <= 8))
}

fn linspace(a: f64, b: f64, n: usize) -> Array1<f64> {
    Array1::linspace(a, b, n)
}

fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

#[test]
fn precision_and_recall_against_the_threshold() {
    let thresholds = linspace(-60000.0, 40000.0, 200);
    let precisions = thresholds.mapv(|t| 0.5 + 0.5 * sigmoid(t / 8000.0));
    let recalls = thresholds.mapv(|t| 1.0 - sigmoid(t / 9000.0));
    let fig = Plot::new()
        .size(800, 400)
        .line(
            &thresholds,
            &precisions,
            Style::new("b--").width(2.0),
            "Precision",
        )
        .line(&thresholds, &recalls, Style::new("g-").width(2.0), "Recall")
        .vline(3370.0, "k:", "threshold")
        .line([3370.0, 3370.0], [0.0, 0.9], "r:", "")
        .scatter([3370.0], [0.9], "ro", "")
        .scatter([3370.0], [0.48], "ro", "")
        .xlabel("Threshold")
        .legend("center right")
        .grid()
        .axis(-50000.0, 50000.0, 0.0, 1.0)
        .figure()
        .unwrap();
    assert_eq!(fig.size(), (800, 400));
    let image = check_plot(&fig, "precision_recall_vs_threshold", 20);
    assert!(
        has_color(&image, [0, 0, 255])
            && has_color(&image, [0, 128, 0])
            && has_color(&image, [255, 0, 0])
    );
}

#[test]
fn precision_against_recall_with_an_annotation() {
    let recalls = linspace(0.0, 1.0, 100);
    let precisions = recalls.mapv(|r: f64| 1.0 - 0.6 * r.powi(4));
    let fig = Plot::new()
        .size(600, 500)
        .line(
            &recalls,
            &precisions,
            Style::new("-").width(2.0),
            "Precision/Recall curve",
        )
        .line([0.4797, 0.4797], [0.0, 0.9], "k:", "")
        .line([0.0, 0.4797], [0.9, 0.9], "k:", "")
        .scatter([0.4797], [0.9], "ko", "Point at threshold 3,000")
        .annotate("Higher\nthreshold", (0.79, 0.60), (0.61, 0.78))
        .xlabel("Recall")
        .ylabel("Precision")
        .axis(0.0, 1.0, 0.0, 1.0)
        .grid()
        .legend("lower left")
        .figure()
        .unwrap();
    check_plot(&fig, "precision_vs_recall", 20);
}

#[test]
fn roc_curves_of_several_classifiers_with_the_diagonal() {
    let fpr = linspace(0.0, 1.0, 100);
    let fig = Plot::new()
        .size(600, 500)
        .line(
            &fpr,
            fpr.mapv(|f: f64| f.powf(0.25)),
            Style::new("b-").width(2.0),
            "Random Forest",
        )
        .line(
            &fpr,
            fpr.mapv(|f: f64| f.powf(0.1)),
            Style::new("b--").width(2.0),
            "SGD",
        )
        .line(&fpr, fpr.mapv(|f: f64| f.powf(0.5)), "", "KNN")
        .line(
            [0.0, 1.0],
            [0.0, 1.0],
            "k:",
            "Random classifier's ROC curve",
        )
        .xlabel("False Positive Rate (Fall-Out)")
        .ylabel("True Positive Rate (Recall)")
        .grid()
        .axis(0.0, 1.0, 0.0, 1.0)
        .legend("lower right")
        .figure()
        .unwrap();
    let image = check_plot(&fig, "roc_curves", 20);
    assert!(
        has_color(&image, [0x1f, 0x77, 0xb4]),
        "a series without a color takes the cycle's first"
    );
}

#[test]
fn learning_curves_of_train_and_validation_error() {
    let sizes: Vec<usize> = (1..=80).collect();
    let train: Vec<f64> = sizes
        .iter()
        .map(|&m| 1.6 - 1.2 / (m as f64).sqrt() * 0.5)
        .collect();
    let valid: Vec<f64> = sizes
        .iter()
        .map(|&m| 1.6 + 2.0 / (m as f64).sqrt())
        .collect();
    let fig = Plot::new()
        .line(&sizes, &train, Style::new("r-+").width(2.0), "Training set")
        .line(
            &sizes,
            &valid,
            Style::new("b-").width(3.0),
            "Validation set",
        )
        .xlabel("Training set size")
        .ylabel("RMSE")
        .legend("upper right")
        .grid()
        .axis(0.0, 80.0, 0.0, 2.5)
        .figure()
        .unwrap();
    check_plot(&fig, "learning_curves", 20);
}

fn linear_data() -> (Array1<f64>, Array1<f64>) {
    let mut rng = Lcg(42);
    let x = Array1::from_shape_fn(100, |_| 2.0 * rng.uniform());
    let y = x.mapv(|x| 4.0 + 3.0 * x + rng.normal());
    (x, y)
}

#[test]
fn data_scatter_with_the_fitted_line() {
    let (x, y) = linear_data();
    let fig = Plot::new()
        .size(600, 400)
        .scatter(&x, &y, "b.", "")
        .line([0.0, 2.0], [4.215, 9.755], "r-", "Predictions")
        .xlabel("x₁")
        .ylabel("y")
        .axis(0.0, 2.0, 0.0, 15.0)
        .grid()
        .legend("upper left")
        .figure()
        .unwrap();
    check_plot(&fig, "linear_regression", 20);
}

#[test]
fn polynomial_fits_of_several_degrees() {
    let mut rng = Lcg(7);
    let x = Array1::from_shape_fn(100, |_| 6.0 * rng.uniform() - 3.0);
    let y = x.mapv(|x| 0.5 * x * x + x + 2.0 + rng.normal());
    let x_new = linspace(-3.0, 3.0, 100);
    let fig = Plot::new()
        .scatter(&x, &y, "b.", "")
        .line(
            &x_new,
            x_new.mapv(|x| 0.56 * x * x + 0.93 * x + 1.78),
            Style::new("b--").width(2.0),
            "2",
        )
        .line(
            &x_new,
            x_new.mapv(|x| 0.9 * x + 3.4),
            Style::new("r-+").width(2.0),
            "1",
        )
        .line(
            &x_new,
            x_new.mapv(|x| 0.56 * x * x + 0.93 * x + 1.78 + 0.8 * (3.0 * x).sin()),
            Style::new("g-").width(1.0),
            "300",
        )
        .xlabel("x₁")
        .ylabel("y")
        .axis(-3.0, 3.0, 0.0, 10.0)
        .legend("upper left")
        .figure()
        .unwrap();
    check_plot(&fig, "polynomial_regression", 20);
}

#[test]
fn gradient_descent_paths_in_parameter_space() {
    let path = |wobble: f64, n: usize| -> (Vec<f64>, Vec<f64>) {
        (0..n)
            .map(|i| {
                let t = i as f64 / (n - 1) as f64;
                (
                    2.0 + 2.2 * t + wobble * (i as f64 * 1.7).sin(),
                    2.3 + 0.7 * t + wobble * (i as f64 * 2.3).cos(),
                )
            })
            .unzip()
    };
    let (s0, s1) = path(0.15, 40);
    let (m0, m1) = path(0.06, 30);
    let (b0, b1) = path(0.0, 20);
    let fig = Plot::new()
        .size(700, 400)
        .line(&s0, &s1, Style::new("r-s").width(1.0), "Stochastic")
        .line(&m0, &m1, Style::new("g-+").width(2.0), "Mini-batch")
        .line(&b0, &b1, Style::new("b-o").width(3.0), "Batch")
        .legend("upper left")
        .xlabel("θ₀")
        .ylabel("θ₁")
        .axis(2.6, 4.6, 2.3, 3.4)
        .grid()
        .figure()
        .unwrap();
    check_plot(&fig, "gradient_descent_paths", 20);
}

#[test]
fn learning_rate_comparison_panels() {
    let (x, y) = linear_data();
    let panel = |eta: f64| {
        let mut plot = Plot::new().size(300, 300).scatter(&x, &y, "b.", "");
        let (mut a, mut b) = (0.0f64, 0.0f64);
        for step in 0..10 {
            let style = if step == 0 { "r--" } else { "b-" };
            plot = plot.line([0.0, 2.0], [a, a + 2.0 * b], style, "");
            a += eta * 10.0 * (7.0 - a);
            b += eta * 10.0 * (3.0 - b);
        }
        plot.xlabel("x₁")
            .axis(0.0, 2.0, 0.0, 15.0)
            .title(&format!("η = {eta}"))
    };
    let fig = subplots(1, 3, [panel(0.02), panel(0.1).ylabel("y"), panel(0.5)]).unwrap();
    let (w, h) = fig.size();
    assert_eq!((w, h), (300 * 3 + 30 * 2, 300));
    check_plot(&fig, "learning_rates", 20);
}

#[test]
fn regularization_panels_side_by_side() {
    let mut rng = Lcg(3);
    let x = Array1::from_shape_fn(20, |_| 3.0 * rng.uniform());
    let y = x.mapv(|x| 1.0 + 0.5 * x + rng.normal() / 1.5);
    let x_new = linspace(0.0, 3.0, 100);
    let panel = |title: &str| {
        Plot::new()
            .size(420, 320)
            .scatter(&x, &y, "b.", "")
            .line(
                &x_new,
                x_new.mapv(|v| 1.0 + 0.5 * v),
                Style::new("b-").width(2.0),
                "α = 0",
            )
            .line(
                &x_new,
                x_new.mapv(|v| 1.2 + 0.35 * v),
                Style::new("g--").width(2.0),
                "α = 10",
            )
            .line(
                &x_new,
                x_new.mapv(|v| 1.5 + 0.2 * v),
                Style::new("r:").width(2.0),
                "α = 100",
            )
            .legend("upper left")
            .xlabel("x₁")
            .axis(0.0, 3.0, 0.0, 3.5)
            .title(title)
    };
    let fig = subplots(1, 2, [panel("Linear"), panel("Polynomial").ylabel("y")]).unwrap();
    check_plot(&fig, "regularization", 20);
}

#[test]
fn the_sigmoid_function() {
    let t = linspace(-10.0, 10.0, 100);
    let fig = Plot::new()
        .size(800, 300)
        .line([-10.0, 10.0], [0.0, 0.0], "k-", "")
        .hline(0.5, "k:", "")
        .hline(1.0, "k:", "")
        .vline(0.0, "k-", "")
        .line(
            &t,
            t.mapv(sigmoid),
            Style::new("b-").width(2.0),
            "σ(t) = 1 / (1 + e⁻ᵗ)",
        )
        .text(2.0, 0.2, "sigmoid")
        .xlabel("t")
        .legend("upper left")
        .axis(-10.0, 10.0, -0.1, 1.1)
        .grid()
        .figure()
        .unwrap();
    check_plot(&fig, "sigmoid", 20);
}

/// Two made-up classes of flowers over petal length and width, and a logistic model of them.
fn iris_like() -> (Vec<(f64, f64)>, Vec<(f64, f64)>, MeshGrid, Array1<f64>) {
    let mut rng = Lcg(11);
    let mut points = |cx: f64, cy: f64| -> Vec<(f64, f64)> {
        (0..40)
            .map(|_| (cx + 0.5 * rng.normal(), cy + 0.2 * rng.normal()))
            .collect()
    };
    let (no, yes) = (points(4.3, 1.3), points(5.6, 2.0));
    let grid = MeshGrid::new(linspace(2.9, 7.0, 200), linspace(0.8, 2.7, 100)).unwrap();
    let proba = grid
        .points()
        .rows()
        .into_iter()
        .map(|p| sigmoid(3.0 * (p[0] - 5.0) + 5.0 * (p[1] - 1.65)))
        .collect();
    (no, yes, grid, proba)
}

#[test]
fn a_linear_decision_boundary_with_probability_contours() {
    let (no, yes, grid, proba) = iris_like();
    let unzip = |p: &[(f64, f64)]| -> (Vec<f64>, Vec<f64>) { p.iter().copied().unzip() };
    let ((nx, ny), (yx, yy)) = (unzip(&no), unzip(&yes));
    let boundary_x = [2.9, 7.0];
    let boundary_y = boundary_x.map(|x| 1.65 - 3.0 * (x - 5.0) / 5.0);
    let fig = Plot::new()
        .size(1000, 400)
        .scatter(&nx, &ny, "bs", "Not Iris virginica")
        .scatter(&yx, &yy, "g^", "Iris virginica")
        .contour(&grid, &proba, [0.1, 0.3, 0.5, 0.7, 0.9], Colormap::Viridis)
        .line(
            boundary_x,
            boundary_y,
            Style::new("k--").width(3.0),
            "Decision boundary",
        )
        .text(3.5, 1.27, "Not Iris virginica")
        .text(6.5, 2.3, "Iris virginica")
        .xlabel("Petal length")
        .ylabel("Petal width")
        .legend("upper left")
        .axis(2.9, 7.0, 0.8, 2.7)
        .grid()
        .figure()
        .unwrap();
    check_plot(&fig, "decision_boundary", 20);
}

#[test]
fn softmax_class_regions() {
    let grid = MeshGrid::new(linspace(0.0, 8.0, 300), linspace(0.0, 3.5, 150)).unwrap();
    let points = grid.points();
    let class = |x: f64, y: f64| -> usize {
        if x + 2.0 * y < 5.0 {
            0
        } else if x + 3.0 * y < 12.0 {
            1
        } else {
            2
        }
    };
    let predicted: Vec<usize> = points
        .rows()
        .into_iter()
        .map(|p| class(p[0], p[1]))
        .collect();
    let proba_versicolor: Vec<f64> = points
        .rows()
        .into_iter()
        .map(|p| sigmoid(p[0] + 2.0 * p[1] - 5.0) * (1.0 - sigmoid(p[0] + 3.0 * p[1] - 12.0)))
        .collect();
    let colors = Colormap::Listed(vec![
        Color::hex(0xfafab0),
        Color::hex(0x9898ff),
        Color::hex(0xa0faa0),
    ]);
    let fig = Plot::new()
        .size(1000, 400)
        .filled_regions(&grid, &predicted, colors)
        .contour(
            &grid,
            &proba_versicolor,
            [0.2, 0.4, 0.6, 0.8],
            Colormap::Viridis,
        )
        .scatter([1.4, 1.5, 1.3], [0.2, 0.3, 0.2], "yo", "Iris setosa")
        .scatter([4.5, 4.0, 4.7], [1.5, 1.3, 1.4], "bs", "Iris versicolor")
        .scatter([6.0, 5.5, 5.8], [2.5, 2.1, 2.2], "g^", "Iris virginica")
        .xlabel("Petal length")
        .ylabel("Petal width")
        .legend("center left")
        .axis(0.0, 7.0, 0.0, 3.5)
        .figure()
        .unwrap();
    let image = check_plot(&fig, "softmax_regions", 20);
    assert!(
        has_color(&image, [0xfa, 0xfa, 0xb0])
            && has_color(&image, [0x98, 0x98, 0xff])
            && has_color(&image, [0xa0, 0xfa, 0xa0])
    );
}

fn confusion_matrix() -> Array2<usize> {
    Array2::from_shape_fn((10, 10), |(i, j)| {
        if i == j {
            5000 + 90 * i
        } else {
            (i * 7 + j * 13) % 40 + if (i, j) == (5, 3) { 400 } else { 0 }
        }
    })
}

#[test]
fn confusion_matrices_in_gray_and_viridis() {
    let conf_mx = confusion_matrix();
    let (gray, stats) = rendered(&matshow(&conf_mx).figure().unwrap(), "confusion_matrix");
    assert!(stats.ink > 0.3, "the cells are mostly dark: {}", stats.ink);
    assert!(has_color(&gray, [255, 255, 255]) && has_color(&gray, [0, 0, 0]));
    let fig = matshow(&conf_mx)
        .colormap(Colormap::Viridis)
        .colorbar()
        .numbers()
        .xlabel("Predicted label")
        .ylabel("True label")
        .title("Confusion matrix")
        .figure()
        .unwrap();
    let image = check_plot(&fig, "confusion_matrix_viridis", 50);
    assert!(
        has_color(&image, [68, 1, 84]) && has_color(&image, [254, 232, 37]),
        "viridis' two ends"
    );
    let errors = normalized_errors(&conf_mx).unwrap();
    let fig = matshow(&errors)
        .colorbar()
        .percent()
        .row_labels((0..10).map(|d| format!("digit {d}")))
        .figure()
        .unwrap();
    check_plot(&fig, "errors_only_matrix", 50);
}

#[test]
fn class_names_label_a_confusion_matrix_and_wide_ones_stand_upright() {
    let conf_mx = confusion_matrix();
    let plain = matshow(&conf_mx).figure().unwrap();
    let digit_names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    let named = matshow(&conf_mx).labels(&digit_names).figure().unwrap();
    assert_eq!(
        named.to_png().unwrap(),
        plain.to_png().unwrap(),
        "MNIST's names draw what the default labels draw"
    );
    let clothes = [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ];
    let fig = matshow(&conf_mx).labels(clothes).figure().unwrap();
    let ((w0, h0), (w, h)) = (plain.size(), fig.size());
    assert!(
        w >= w0 + 60 && h >= h0 + 60,
        "room for the names beside and above: {w0}x{h0} -> {w}x{h}"
    );
    let (image, _) = rendered(&fig, "confusion_matrix_clothes");
    // The matrix (10 cells of 40 logical pixels) ends 10 pixels above the bottom; a label written
    // across would fill one line of text just above it, below this band; upright ones reach into
    // it.
    let (scale, matrix_top) = (PNG_SCALE_, h - 10 - 400);
    let left = w - 10 - 400;
    let inked_rows = (10 * scale..(matrix_top - 30) * scale)
        .filter(|&y| {
            (left * scale..(w - 10) * scale)
                .any(|x| image.get_pixel(x, y).0.iter().all(|&c| c < 128))
        })
        .count() as u32;
    assert!(
        inked_rows > 20 * scale,
        "upright column labels fill {inked_rows} pixel rows above the matrix"
    );
    let error = matshow(&conf_mx)
        .labels(["Sandal", "Bag"])
        .figure()
        .unwrap_err();
    assert!(error.to_string().contains("10 labels"), "{error}");
}

fn digits(count: usize, seed: u64) -> Array2<f64> {
    let mut rng = Lcg(seed);
    Array2::from_shape_fn((count, 784), |(k, p)| {
        let (r, c) = ((p / 28) as f64 - 14.0, (p % 28) as f64 - 14.0);
        let ring = ((r * r + c * c).sqrt() - 6.0 - (k % 4) as f64).abs();
        if ring < 2.0 {
            255.0 * (1.0 - ring / 2.0)
        } else {
            10.0 * rng.uniform()
        }
    })
}

#[test]
fn a_two_by_two_block_of_digit_grids() {
    let blocks: Vec<Array2<f64>> = (0..4).map(|b| digits(25, b)).collect();
    let fig = subplots(2, 2, blocks.iter().map(|b| plot_digits(b, 5))).unwrap();
    let (one_w, one_h) = plot_digits(&blocks[0], 5).unwrap().size();
    assert_eq!(fig.size(), (2 * one_w + one_w / 10, 2 * one_h + one_h / 10));
    let (_, stats) = rendered(&fig, "digits_2x2");
    assert!(stats.ink > 0.2 && stats.ink < 0.95, "ink {}", stats.ink);
    assert!(stats.colors > 20, "grey levels: {}", stats.colors);
}

/// The widths of the runs of all-white lines of `image` (columns, or rows when `rows`) that
/// lie between inked lines, in order.
fn white_runs_between_ink(image: &RgbImage, rows: bool) -> Vec<u32> {
    let (n, m) = if rows {
        (image.height(), image.width())
    } else {
        (image.width(), image.height())
    };
    let blank = |i: u32| {
        (0..m).all(|j| {
            let (x, y) = if rows { (j, i) } else { (i, j) };
            image.get_pixel(x, y).0 == [255, 255, 255]
        })
    };
    let mut runs = Vec::new();
    let (mut run, mut inked_before) = (0, false);
    for i in 0..n {
        if blank(i) {
            run += 1;
        } else {
            if inked_before && run > 0 {
                runs.push(run);
            }
            (run, inked_before) = (0, true);
        }
    }
    runs
}

#[test]
fn the_blocks_of_a_two_by_two_grid_stand_apart() {
    // Digits with white margins, as MNIST's (a ring 18 pixels across in 28, 5 blank a side):
    // the book's 2x2 grid of 3s and 5s must read as four blocks, so the blank band between
    // blocks is at least twice as wide as the blank band between digits inside a block.
    let ring = Array2::from_shape_fn((25, 784), |(_, p)| {
        let (r, c) = ((p / 28) as f64 - 13.5, (p % 28) as f64 - 13.5);
        let d = ((r * r + c * c).sqrt() - 7.0).abs();
        if d < 2.0 { 255.0 } else { 0.0 }
    });
    let fig = subplots(2, 2, (0..4).map(|_| plot_digits(&ring, 5))).unwrap();
    let (image, _) = rendered(&fig, "digits_2x2_gaps");
    for rows in [false, true] {
        let mut runs = white_runs_between_ink(&image, rows);
        runs.sort_unstable();
        let (between_blocks, inside) = (runs[runs.len() - 1], runs[runs.len() - 2]);
        assert!(
            between_blocks >= 2 * inside,
            "{}: blank band between blocks {between_blocks} px, between digits {inside} px",
            if rows { "rows" } else { "columns" }
        );
    }
}

#[test]
fn an_empty_block_keeps_the_two_by_two_layout() {
    // On Fashion-MNIST no dress (3) is taken for a sandal (5): one block of the grid is empty.
    let full = digits(25, 0);
    let none = Array2::<f64>::zeros((0, 784));
    let blank = plot_digits(&none, 5).unwrap();
    let one = plot_digits(&full, 5).unwrap();
    assert_eq!(blank.size(), one.size(), "a blank block of 5x5 places");
    let fig = subplots(
        2,
        2,
        [
            plot_digits(&full, 5),
            plot_digits(&none, 5),
            plot_digits(&full, 5),
            plot_digits(&full, 5),
        ],
    )
    .unwrap();
    let (w, h) = one.size();
    let (gap_w, gap_h) = (w / 10, h / 10);
    assert_eq!(fig.size(), (2 * w + gap_w, 2 * h + gap_h));
    let (image, _) = rendered(&fig, "digits_2x2_one_empty");
    let s = PNG_SCALE_;
    let inked = |x0: u32, y0: u32| {
        (x0 * s..(x0 + w) * s)
            .flat_map(|x| (y0 * s..(y0 + h) * s).map(move |y| (x, y)))
            .any(|(x, y)| image.get_pixel(x, y).0 != [255, 255, 255])
    };
    assert!(!inked(w + gap_w, 0), "the top-right block is blank");
    assert!(inked(0, 0) && inked(0, h + gap_h) && inked(w + gap_w, h + gap_h));
}

#[test]
fn noisy_and_clean_digits_side_by_side_with_titles() {
    let clean = digits(1, 5).row(0).to_owned();
    let mut rng = Lcg(9);
    let noisy = clean.mapv(|v| (v + 100.0 * rng.uniform()).min(255.0));
    let fig = subplots(
        1,
        2,
        [
            plot_digit(&noisy).map(|f| f.with_title("Noisy")),
            plot_digit(&clean).map(|f| f.with_title("Clean")),
        ],
    )
    .unwrap();
    assert_eq!(fig.size(), (224 * 2 + 22, 224 + 30));
    let (image, _) = rendered(&fig, "denoising_pair");
    let title_band = (0..image.width()).flat_map(|x| (0..60).map(move |y| (x, y)));
    let dark = title_band
        .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 128)
        .count();
    assert!(dark > 50, "the titles are drawn: {dark} dark pixels");
}

#[test]
fn figures_save_as_png_or_svg_after_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let fig = Plot::new()
        .line([0.0, 1.0, 2.0], [1.0, 0.0, 1.0], "r--", "V")
        .xlabel("x")
        .legend("best")
        .figure()
        .unwrap();
    fig.save(dir.path().join("v.png")).unwrap();
    fig.save(dir.path().join("v.svg")).unwrap();
    let png = image::open(dir.path().join("v.png")).unwrap();
    assert_eq!(png.width(), 640 * PNG_SCALE_);
    let svg = std::fs::read_to_string(dir.path().join("v.svg")).unwrap();
    std::fs::write(figures_dir().join("line.svg"), &svg).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("width=\"640\""),
        "{}",
        &svg[..200]
    );
    assert!(
        svg.contains("x\n</text>") || svg.contains(">x</text>"),
        "the x label is SVG text"
    );
    let err = fig.save(dir.path().join("v.jpg")).unwrap_err().to_string();
    assert!(err.contains(".png or .svg"), "{err}");
    assert!(fig.svg().unwrap().0.contains("<polyline") || fig.svg().unwrap().0.contains("<path"));
    let digits_svg = plot_digit(&digits(1, 1).row(0)).unwrap().to_svg().unwrap();
    assert!(
        digits_svg.len() < 400_000,
        "runs of equal pixels are merged: {} bytes",
        digits_svg.len()
    );
}

#[test]
fn tables_show_confusion_matrices_as_html() {
    let conf_mx = confusion_matrix();
    let html = conf_mx.to_html_table().shade(Colormap::Gray).to_html();
    assert_eq!(html.matches("<tr>").count(), 10);
    assert_eq!(html.matches("<td").count(), 100);
    assert!(html.contains("text-align:right"));
    assert!(html.contains(">5810</td>"));
    let plain = Table::new(&conf_mx).to_string();
    assert_eq!(plain.lines().count(), 10);
    assert!(
        plain
            .lines()
            .all(|l| l.len() == plain.lines().next().unwrap().len()),
        "columns line up:\n{plain}"
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let message = |r: Result<Figure>| r.unwrap_err().to_string();
    let digit = || plot_digit(&Array1::<f64>::zeros(784));
    assert!(message(subplots(0, 2, [digit()])).contains("at least one row and one column"));
    assert!(message(subplots(1, usize::MAX, [digit()])).contains("at most 1024 places"));
    assert!(message(subplots(1, 1, [digit(), digit()])).contains("at most 1 figures"));
    let empty: [f64; 0] = [];
    assert!(
        message(Plot::new().line(empty, empty, "b-", "").figure()).contains("at least one point")
    );
    assert!(
        message(Plot::new().line([1.0, 2.0], [1.0], "b-", "Recall").figure())
            .contains("\"Recall\"")
    );
    assert!(
        message(
            Plot::new()
                .line([1.0, f64::NAN], [1.0, 2.0], "b-", "")
                .figure()
        )
        .contains("finite")
    );
    assert!(message(Plot::new().line([1.0], [1.0], "b-q", "").figure()).contains("format string"));
    assert!(message(Plot::new().legend("top").figure()).contains("upper right"));
    assert!(message(Plot::new().axis(1.0, 0.0, 0.0, 1.0).figure()).contains("xmin < xmax"));
    assert!(message(Plot::new().size(10, 10).figure()).contains("at least"));
    let grid = MeshGrid::new([0.0, 1.0], [0.0, 1.0]).unwrap();
    assert!(
        message(
            Plot::new()
                .contour(&grid, [0.0, 1.0], [0.5], Colormap::Gray)
                .figure()
        )
        .contains("one value per grid point")
    );
    assert!(
        message(
            Plot::new()
                .contour(&grid, [0.0; 4], empty, Colormap::Gray)
                .figure()
        )
        .contains("contour level")
    );
    assert!(
        message(
            Plot::new()
                .filled_regions(&grid, [0.0; 4], Colormap::Listed(vec![]))
                .figure()
        )
        .contains("at least one color")
    );
    assert!(message(matshow(&Array2::<f64>::zeros((0, 3))).figure()).contains("at least one row"));
    assert!(message(matshow(&array![[1.0, f64::NAN]]).figure()).contains("finite"));
    assert!(message(matshow(&array![[1, 2]]).row_labels(["a", "b"]).figure()).contains("1 labels"));
    assert!(message(plot_digits(&Array2::<f64>::zeros((3, 784)), 0)).contains("images_per_row"));
    assert!(message(plot_digits(&Array2::<f64>::zeros((0, 784)), 0)).contains("images_per_row"));
    assert!(message(plot_digits(&Array2::<f64>::zeros((2, 10)), 5)).contains("784"));
    assert!(message(plot_digits(&Array2::<f64>::zeros((0, 10)), 5)).contains("784"));
    assert!(message(plot_digit(&Array1::from_elem(784, f64::NAN))).contains("finite"));
    assert!(
        message(subplots(0, 2, [plot_digit(&Array1::zeros(784))])).contains("at least one row")
    );
    assert!(
        message(subplots(
            1,
            1,
            [
                plot_digit(&Array1::zeros(784)),
                plot_digit(&Array1::zeros(784))
            ]
        ))
        .contains("at most 1")
    );
    assert!(message(subplots(1, 2, Vec::<Figure>::new())).contains("at least one figure"));
    assert!(message(subplots(1, 2, [Plot::new().legend("nowhere")])).contains("location"));
}

/// Compares a figure with its golden PNG in `tests/golden/`, allowing small differences (a
/// different rounding in a dependency moves an edge by a pixel, not a line by ten). With
/// `HANDSON_BLESS=1` the golden is written instead: look at it before committing it.
fn assert_matches_golden(fig: &Figure, name: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{name}.png"));
    let (actual, _) = rendered(fig, &format!("golden_{name}"));
    if std::env::var_os("HANDSON_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        actual.save(&path).unwrap();
        return;
    }
    let golden = image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with HANDSON_BLESS=1", path.display()))
        .to_rgb8();
    assert_eq!(actual.dimensions(), golden.dimensions(), "{name}: size");
    let pixels = f64::from(actual.width() * actual.height());
    let (mut total, mut far) = (0u64, 0u64);
    for (a, g) in actual.pixels().zip(golden.pixels()) {
        let diff =
            a.0.iter()
                .zip(g.0)
                .map(|(&x, y)| u64::from(x.abs_diff(y)))
                .max()
                .unwrap();
        total += diff;
        far += u64::from(diff > 64);
    }
    let (mean, far) = (total as f64 / pixels, far as f64 / pixels);
    assert!(
        mean < 2.0 && far < 0.01,
        "{name} differs from its golden: mean {mean:.2}, {:.2}% of pixels far off",
        far * 100.0
    );
}

#[test]
fn small_figures_match_their_golden_images() {
    let x = linspace(0.0, 4.0, 9);
    let plot = Plot::new()
        .size(240, 180)
        .line(&x, x.mapv(|v| v * v / 4.0), "b--", "x²/4")
        .scatter(&x, x.mapv(|v| 4.0 - v), "rs", "4 - x")
        .text(0.2, 3.2, "text")
        .grid()
        .legend("center right")
        .xlabel("x")
        .figure()
        .unwrap();
    assert_matches_golden(&plot, "plot");
    let matrix = matshow(&array![[9u32, 1, 0], [2, 7, 1], [0, 3, 6]])
        .colormap(Colormap::Viridis)
        .colorbar()
        .numbers();
    assert_matches_golden(&matrix.figure().unwrap(), "matshow");
    assert_matches_golden(&plot_digits(&digits(4, 2), 2).unwrap(), "digits");
}

#[test]
fn extreme_input_is_an_error_or_a_figure_never_a_panic() {
    let outcomes = [
        Plot::new()
            .line([-1e308, 1e308], [0.0, 1.0], "-", "")
            .figure()
            .and_then(|f| f.to_png().map(|_| ())),
        Plot::new()
            .line([-1e300, 1e300], [1e-300, 2e-300], "-", "")
            .figure()
            .and_then(|f| f.to_png().map(|_| ())),
        Plot::new()
            .line([0.0, 1.0], [5.0, 5.0 + 1e-15], "o-", "")
            .figure()
            .and_then(|f| f.to_png().map(|_| ())),
        Plot::new()
            .line([0.0, 1.0], [0.0, 1.0], Style::new("-").width(1e9), "")
            .figure()
            .map(|_| ()),
        Plot::new().size(100_000, 100_000).figure().map(|_| ()),
        Plot::new()
            .annotate("same point", (0.5, 0.5), (0.5, 0.5))
            .figure()
            .and_then(|f| f.to_png().map(|_| ())),
        plot_digits(&Array2::<f64>::zeros((70_000, 784)), 10).map(|_| ()),
        matshow(&Array2::<f64>::zeros((3000, 3000)))
            .figure()
            .map(|_| ()),
        matshow(&array![[1e308, -1e308]])
            .colorbar()
            .figure()
            .and_then(|f| f.to_png().map(|_| ())),
    ];
    for (i, outcome) in outcomes.iter().enumerate() {
        if let Err(e) = outcome {
            assert!(!e.to_string().is_empty(), "case {i}");
        }
    }
    assert!(
        outcomes[3].is_err(),
        "a line a billion pixels wide is refused"
    );
    assert!(
        outcomes[4].is_err() && outcomes[6].is_err(),
        "figures too large to hold in memory are refused"
    );
}
