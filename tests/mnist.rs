//! The real MNIST files: needs the full data set in the data home (`HANDSON_DATA`, which
//! `make test` and `.ci/run` point at `../shared/data`), so these tests are ignored by a plain
//! `cargo test` and run by `cargo test -- --include-ignored`.

use handson::datasets::{load_fashion_mnist_from, load_mnist, load_mnist_from};

fn counts(labels: &ndarray::Array1<u8>) -> Vec<usize> {
    let mut counts = vec![0; 10];
    for &label in labels {
        counts[usize::from(label)] += 1;
    }
    counts
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn full_mnist_has_the_published_shapes_labels_and_counts() {
    let mnist = load_mnist().unwrap();
    assert_eq!(mnist.x_train.dim(), (60000, 784));
    assert_eq!(mnist.x_test.dim(), (10000, 784));
    assert_eq!(
        mnist.y_train.slice(ndarray::s![..10]).to_vec(),
        vec![5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    );
    assert_eq!(
        counts(&mnist.y_train),
        vec![5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    );
    assert_eq!(
        counts(&mnist.y_test),
        vec![980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    );
    let (low, high) = mnist
        .x_train
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
    assert_eq!((low, high), (0.0, 255.0));
    // The first digit's centre row has ink; its corner has none.
    assert_eq!(mnist.x_train[[0, 0]], 0.0);
    assert!(mnist.x_train.row(0).sum() > 20_000.0);
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn load_mnist_from_takes_a_data_home_as_any_path() {
    let home = std::env::var("HANDSON_DATA").unwrap();
    // The folder of the default resolution, so the same once-per-process value.
    assert!(std::ptr::eq(
        load_mnist_from(&home).unwrap(),
        load_mnist().unwrap()
    ));
    assert!(std::ptr::eq(
        load_mnist_from(home.as_str()).unwrap(),
        load_mnist().unwrap()
    ));
    let _takes_a_path_buf: fn(std::path::PathBuf) -> _ = load_fashion_mnist_from;
}
