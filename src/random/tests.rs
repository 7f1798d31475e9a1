//! [`RandomState`] against values drawn by NumPy's legacy `RandomState`.
//!
//! `tests/fixtures/numpy_random.py` made `tests/fixtures/numpy_random.txt`; each test here
//! repeats one of its cases, call for call, for every seed, and wants the same bits.

use ndarray::{Array, Array2, ArrayD, IxDyn};

use super::RandomState;
use crate::error::{Error, Result};

const FIXTURE: &str = include_str!("../../tests/fixtures/numpy_random.txt");
const SEEDS: [u32; 3] = [0, 42, u32::MAX];
const INT32_MAX: i64 = i32::MAX as i64;

/// The values of the fixture line named `name`, as printed by NumPy.
fn reference(name: &str) -> Vec<&'static str> {
    let line = FIXTURE
        .lines()
        .find(|line| line.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("no case {name} in tests/fixtures/numpy_random.txt"));
    line.split(' ').skip(1).collect()
}

fn reference_floats(name: &str) -> Vec<f64> {
    reference(name)
        .iter()
        .map(|v| v.parse().expect("a float"))
        .collect()
}

fn reference_ints(name: &str) -> Vec<i64> {
    reference(name)
        .iter()
        .map(|v| v.parse().expect("an integer"))
        .collect()
}

/// Asserts bit-for-bit equality and names the first differing index.
fn assert_same_floats(case: &str, actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{case}: number of values");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(
            a.to_bits(),
            e.to_bits(),
            "{case}: value {i} is {a}, NumPy drew {e}"
        );
    }
}

fn assert_same_ints(case: &str, actual: &[i64], expected: &[i64]) {
    assert_eq!(actual.len(), expected.len(), "{case}: number of values");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(a, e, "{case}: value {i} is {a}, NumPy drew {e}");
    }
}

#[test]
fn rand_matches_numpy() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        got.extend(rng.rand(5)?.iter());
        got.extend(rng.rand((2, 3))?.iter());
        got.extend(rng.rand(400)?.iter());
        let case = format!("rand/{seed}");
        assert_same_floats(&case, &got, &reference_floats(&case));
    }
    Ok(())
}

#[test]
fn randn_matches_numpy_across_odd_sized_calls() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        got.extend(rng.randn(3)?.iter());
        got.extend(rng.randn((2, 2))?.iter());
        got.extend(rng.randn(1)?.iter());
        got.extend(rng.randn(301)?.iter());
        let case = format!("randn/{seed}");
        assert_same_floats(&case, &got, &reference_floats(&case));
    }
    Ok(())
}

#[test]
fn cached_gaussian_survives_other_draws_as_in_numpy() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        got.extend(rng.randn(1)?.iter());
        got.extend(rng.rand(2)?.iter());
        got.extend(rng.randn(1)?.iter());
        got.extend(rng.normal(10.0, 2.0, 3)?.iter());
        got.extend(rng.uniform(-3.0, 5.0, 3)?.iter());
        got.extend(rng.randn(1)?.iter());
        let case = format!("mixed/{seed}");
        assert_same_floats(&case, &got, &reference_floats(&case));
    }
    Ok(())
}

#[test]
fn uniform_matches_numpy() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        got.extend(rng.uniform(-3.0, 5.0, 7)?.iter());
        got.extend(rng.uniform(0.0, 1e-3, (2, 3))?.iter());
        got.extend(rng.uniform(2.5, 2.5, 2)?.iter());
        got.extend(rng.rand(1)?.iter());
        let case = format!("uniform/{seed}");
        assert_same_floats(&case, &got, &reference_floats(&case));
    }
    Ok(())
}

#[test]
fn normal_matches_numpy() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        got.extend(rng.normal(0.0, 1.0, 5)?.iter());
        got.extend(rng.normal(10.0, 2.0, (2, 3))?.iter());
        got.extend(rng.normal(-1.0, 0.5, 1)?.iter());
        let case = format!("normal/{seed}");
        assert_same_floats(&case, &got, &reference_floats(&case));
    }
    Ok(())
}

#[test]
fn randint_matches_numpy_for_small_32_bit_and_64_bit_ranges() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        got.extend(rng.randint(0, 10, 20)?.iter());
        got.extend(rng.randint(-5, 5, (3, 4))?.iter());
        got.extend(rng.randint(0, INT32_MAX, 5)?.iter());
        got.extend(rng.randint(0, 1 << 31, 5)?.iter());
        got.extend(rng.randint(0, 1 << 32, 5)?.iter());
        got.extend(rng.randint(0, (1 << 32) + 1, 5)?.iter());
        got.extend(rng.randint(-(1 << 40), 1 << 50, 5)?.iter());
        got.extend(rng.randint(i64::MIN, i64::MAX, 5)?.iter());
        got.extend(rng.randint(7, 8, 3)?.iter());
        got.extend(rng.randint(0, 1000, 1)?.iter());
        got.extend(rng.randint(0, 1 << 62, 2)?.iter());
        let case = format!("randint/{seed}");
        assert_same_ints(&case, &got, &reference_ints(&case));
    }
    Ok(())
}

#[test]
fn randint_scalar_matches_numpy_and_sklearn_seed_draws() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        for _ in 0..5 {
            got.push(rng.randint_scalar(0, INT32_MAX)?);
        }
        got.push(rng.randint_scalar(-3, 3)?);
        got.push(rng.randint_scalar(0, 1 << 40)?);
        let case = format!("randint_scalar/{seed}");
        assert_same_ints(&case, &got, &reference_ints(&case));
    }
    Ok(())
}

#[test]
fn permutation_matches_numpy() {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        for n in [10, 1000, 1, 0] {
            got.extend(rng.permutation(n).unwrap().iter().map(|&i| i as i64));
        }
        let case = format!("permutation/{seed}");
        assert_same_ints(&case, &got, &reference_ints(&case));
    }
}

#[test]
fn shuffle_matches_numpy_along_the_first_axis() -> Result<()> {
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut rows = Array::from_iter(0..30i64)
            .into_shape_with_order((10, 3))
            .expect("30 = 10 x 3");
        let mut elements = Array::from_iter(0..7i64);
        let mut blocks = Array::from_iter(0..24i64)
            .into_shape_with_order((4, 2, 3))
            .expect("24 = 4 x 2 x 3");
        rng.shuffle(&mut rows)?;
        rng.shuffle(&mut elements)?;
        rng.shuffle(&mut blocks)?;
        let mut got = Vec::new();
        got.extend(rows.iter());
        got.extend(elements.iter());
        got.extend(blocks.iter());
        got.extend(rng.randint(0, 100, 1)?.iter());
        let case = format!("shuffle/{seed}");
        assert_same_ints(&case, &got, &reference_ints(&case));
    }
    Ok(())
}

#[test]
fn multinomial_matches_numpy() -> Result<()> {
    let mnist_counts = [
        5923.0, 6742.0, 5958.0, 6131.0, 5842.0, 5421.0, 5918.0, 6265.0, 5851.0,
    ];
    let mut mnist_prior: Vec<f64> = mnist_counts.iter().map(|c| c / 60000.0).collect();
    mnist_prior.push(5949.0 / 60000.0);
    for seed in SEEDS {
        let mut rng = RandomState::new(seed);
        let mut got = Vec::new();
        got.extend(rng.multinomial(1, &[0.1, 0.2, 0.3, 0.4], 200)?.iter());
        got.extend(rng.multinomial(1, &[0.90965, 0.09035], 100)?.iter());
        got.extend(rng.multinomial(1, &mnist_prior, 100)?.iter());
        got.extend(rng.multinomial(1, &[1.0 / 3.0; 3], 30)?.iter());
        got.extend(rng.multinomial(1, &[1.0], 3)?.iter());
        got.extend(rng.multinomial(5, &[0.25, 0.0, 0.5, 0.25], 20)?.iter());
        got.extend(rng.multinomial(20, &[0.5, 0.5], 10)?.iter());
        got.extend(rng.multinomial(0, &[0.5, 0.5], 2)?.iter());
        assert_eq!(rng.multinomial(1, &[], 4)?.dim(), (4, 0));
        got.extend(rng.randint(0, 100, 1)?.iter());
        let case = format!("multinomial/{seed}");
        assert_same_ints(&case, &got, &reference_ints(&case));
    }
    Ok(())
}

#[test]
fn multinomial_rejects_what_numpy_rejects_and_counts_it_cannot_draw() {
    let mut rng = RandomState::new(0);
    assert_invalid(rng.multinomial(1, &[0.5, f64::NAN], 1), "pvals");
    assert_invalid(rng.multinomial(1, &[-0.1, 1.1], 1), "pvals");
    assert_invalid(rng.multinomial(1, &[0.8, 0.5, 0.1], 1), "pvals");
    assert_invalid(rng.multinomial(-1, &[0.5, 0.5], 1), "n");
    assert_invalid(rng.multinomial(100, &[0.5, 0.5], 1), "n");
    assert!(rng.multinomial(1, &[0.6, 0.4 + 1e-13], 1).is_ok());
}

#[test]
fn shuffle_works_on_views_and_permutes_rows_whole() -> Result<()> {
    let original = Array2::from_shape_fn((50, 4), |(i, j)| (10 * i + j) as i64);
    let mut shuffled = original.clone();
    RandomState::new(7).shuffle(&mut shuffled.view_mut())?;
    assert_ne!(shuffled, original);
    let mut first_cells: Vec<i64> = shuffled.column(0).to_vec();
    first_cells.sort_unstable();
    assert_eq!(first_cells, original.column(0).to_vec());
    for row in shuffled.rows() {
        assert_eq!(row.to_vec(), (0..4).map(|j| row[0] + j).collect::<Vec<_>>());
    }
    Ok(())
}

#[test]
fn dynamic_shapes_and_empty_shapes_work() -> Result<()> {
    let mut rng = RandomState::new(42);
    let cube: ArrayD<f64> = rng.rand(vec![2, 3, 4])?;
    assert_eq!(cube.shape(), &[2, 3, 4]);
    assert!(rng.randn((0, 5))?.is_empty());
    let mut expected = RandomState::new(42);
    expected.rand(24)?;
    assert_eq!(
        rng.rand(1)?,
        expected.rand(1)?,
        "an empty shape draws nothing"
    );
    Ok(())
}

#[test]
fn clones_continue_the_same_stream() -> Result<()> {
    let mut rng = RandomState::new(3);
    rng.randn(1)?;
    let mut copy = rng.clone();
    assert_eq!(rng.randn(5)?, copy.randn(5)?);
    Ok(())
}

fn assert_invalid<T: std::fmt::Debug>(result: Result<T>, name: &str) {
    match result {
        Err(Error::InvalidArgument { name: got, .. }) => assert_eq!(got, name),
        other => panic!("expected an invalid `{name}`, got {other:?}"),
    }
}

#[test]
fn invalid_arguments_are_errors_not_panics() {
    let mut rng = RandomState::new(0);
    assert_invalid(rng.randint(5, 5, 3), "high");
    assert_invalid(rng.randint(5, -5, 3), "high");
    assert_invalid(rng.randint_scalar(0, 0), "high");
    assert_invalid(rng.uniform(1.0, 0.0, 3), "high");
    assert_invalid(rng.uniform(0.0, f64::INFINITY, 3), "high");
    assert_invalid(rng.uniform(f64::NAN, 1.0, 3), "low");
    assert_invalid(rng.uniform(-f64::MAX, f64::MAX, 3), "high");
    assert_invalid(rng.normal(0.0, -1.0, 3), "scale");
    assert_invalid(rng.normal(0.0, f64::NAN, 3), "scale");
    assert_invalid(rng.normal(f64::INFINITY, 1.0, 3), "loc");
    assert_invalid(rng.rand((usize::MAX, 2)), "shape");
    let mut scalar = ArrayD::<f64>::zeros(IxDyn(&[]));
    assert_invalid(rng.shuffle(&mut scalar), "array");
    let message = rng.randint(3, 1, 1).unwrap_err().to_string();
    assert!(message.contains("greater than low = 3"), "{message}");
}

#[test]
fn failed_calls_draw_nothing() -> Result<()> {
    let mut rng = RandomState::new(42);
    assert!(rng.randint(1, 1, 3).is_err());
    assert!(rng.normal(0.0, -1.0, 3).is_err());
    assert!(rng.multinomial(100, &[0.5, 0.5], 1).is_err());
    assert!(rng.permutation(usize::MAX).is_err());
    assert_eq!(rng.rand(1)?[0], 0.3745401188473625);
    Ok(())
}

#[test]
fn debug_shows_a_summary() -> Result<()> {
    let mut rng = RandomState::new(42);
    rng.randn(1)?;
    let shown = format!("{rng:?}");
    assert!(
        shown.starts_with("RandomState { position: 4, cached_gauss: Some("),
        "{shown}"
    );
    Ok(())
}
