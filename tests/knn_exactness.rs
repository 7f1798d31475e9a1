//! `kneighbors` returns what a naive `f64` search returns (every squared distance summed in
//! feature order, equal distances in training-row order), also where the `f32` screen's error
//! bound is at its weakest: a query or a training row with a zero or tiny norm (issue 17.3).

use handson::prelude::*;

/// The `k` nearest rows of `train` to `query` by a full sort on (f64 squared distance, row),
/// with their distances.
fn naive(train: &Array2<f64>, query: ArrayView1<'_, f64>, k: usize) -> Vec<(f64, usize)> {
    let mut all: Vec<(f64, usize)> = train
        .rows()
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let squared: f64 = query.iter().zip(row).map(|(a, b)| (a - b) * (a - b)).sum();
            (squared, i)
        })
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    all.truncate(k);
    all.into_iter()
        .map(|(squared, i)| (squared.sqrt(), i))
        .collect()
}

fn assert_matches_naive(train: &Array2<f64>, queries: &Array2<f64>, k: usize) {
    let labels: Array1<u8> = (0..train.nrows()).map(|i| (i % 2) as u8).collect();
    let mut knn = KNeighborsClassifier::new().n_neighbors(1);
    knn.fit(train, &labels).unwrap();
    let (distances, indices) = knn.kneighbors(queries, k).unwrap();
    for (q, query) in queries.rows().into_iter().enumerate() {
        let expected = naive(train, query, k);
        let found: Vec<(f64, usize)> = distances
            .row(q)
            .iter()
            .copied()
            .zip(indices.row(q).iter().copied())
            .collect();
        assert_eq!(
            found, expected,
            "query {q} of {queries:?} against {train:?}"
        );
    }
}

#[test]
fn a_tiny_training_row_against_a_zero_one() {
    // |1 - (-6e-17)|² rounds to 1.0 in f64, a tie with row 1 that row 0 wins by index; the
    // f32 screen's relative bound is 0 for the zero row and 4e-23 for the tiny one, far below
    // the f64 rounding (1e-16) that makes them equal.
    let train = array![[-6e-17], [0.0]];
    assert_matches_naive(&train, &array![[1.0]], 1);
    assert_matches_naive(&train, &array![[1.0]], 2);
}

#[test]
fn the_zero_query_against_permutations_of_one_row() {
    // From the zero vector, every permutation of a row is at the same real distance, and the
    // f64 sums differ only by the order of their terms: the screen, whose norms are summed in
    // another order than the re-ranking's distances, must keep all of them.
    let mut rng = RandomState::new(0);
    for _ in 0..40 {
        let r = rng.uniform(0.1, 1.0, 24).unwrap();
        let mut train = Array2::zeros((4, 24));
        train.row_mut(0).assign(&r);
        for copy in 1..4 {
            let order = rng.permutation(24).unwrap();
            train.row_mut(copy).assign(&order.mapv(|j| r[j]));
        }
        let zero = Array2::zeros((1, 24));
        assert_matches_naive(&train, &zero, 1);
        assert_matches_naive(&train, &zero, 2);
    }
}
