//! Chapter 4's generated linear data, drawn with `RandomState` as the book draws it with NumPy,
//! gives the book's normal-equation solution.

use handson::prelude::*;

/// `theta_best` from `X_b.T X_b theta = X_b.T y` with `X_b = [1, x]`, solved by Cramer's rule.
fn normal_equation(x: &Array2<f64>, y: &Array2<f64>) -> (f64, f64) {
    let n = x.nrows() as f64;
    let sum_x = x.sum();
    let sum_xx = x.iter().map(|v| v * v).sum::<f64>();
    let sum_y = y.sum();
    let sum_xy = x.iter().zip(y.iter()).map(|(a, b)| a * b).sum::<f64>();
    let det = n * sum_xx - sum_x * sum_x;
    (
        (sum_xx * sum_y - sum_x * sum_xy) / det,
        (n * sum_xy - sum_x * sum_y) / det,
    )
}

#[test]
fn random_linear_data_gives_the_books_normal_equation_theta() -> Result<()> {
    let mut rng = RandomState::new(42); // np.random.seed(42)
    let x = 2.0 * rng.rand((100, 1))?; // X = 2 * np.random.rand(100, 1)
    let y = 4.0 + 3.0 * &x + rng.randn((100, 1))?; // y = 4 + 3 * X + np.random.randn(100, 1)

    let (intercept, slope) = normal_equation(&x, &y);
    assert!(
        (intercept - 4.21509615754675).abs() < 1e-12,
        "intercept {intercept}"
    );
    assert!((slope - 2.7701133864384806).abs() < 1e-12, "slope {slope}");
    Ok(())
}

#[test]
fn random_linear_data_is_numpys_to_the_bit() -> Result<()> {
    let fixture = include_str!("fixtures/numpy_random.txt");
    let reference = |name: &str| -> Vec<f64> {
        let line = fixture
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .expect(name);
        line.split(' ')
            .skip(1)
            .map(|v| v.parse().expect("a float"))
            .collect()
    };
    let mut rng = RandomState::new(42);
    let x = 2.0 * rng.rand((100, 1))?;
    let y = 4.0 + 3.0 * &x + rng.randn((100, 1))?;
    assert_eq!(
        x.iter().copied().collect::<Vec<_>>(),
        reference("chapter4_X")
    );
    assert_eq!(
        y.iter().copied().collect::<Vec<_>>(),
        reference("chapter4_y")
    );
    Ok(())
}
