//! The public API at the extremes of its integer arguments (`i64::MIN`/`MAX`, `usize::MAX`,
//! `u32::MAX`, zero) and on empty inputs that a length divides by: each call must answer the
//! crate's `Error` or a correct result, never panic (a wrapped `as` cast or an overflowed
//! `+ 1` shows up as a panic in a debug build and as an out-of-bounds index or a wrong answer in
//! a release build). Each test runs its cases under `catch_unwind` and lists every case that
//! failed, so one run shows the whole audit. An argument that sizes an allocation too large for
//! memory (`permutation(usize::MAX)`, `rand((usize::MAX, 2))`) must be refused, not abort.

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use handson::datasets::parse_idx;
use handson::prelude::*;

/// The cases of one test that failed, with what went wrong.
#[derive(Default)]
struct Audit(Vec<String>);

impl Audit {
    /// `call` must return an `Error`.
    fn refuses<T: Debug>(&mut self, case: &str, call: impl FnOnce() -> Result<T>) {
        match catch_unwind(AssertUnwindSafe(call)) {
            Ok(Err(_)) => {}
            Ok(Ok(v)) => self.0.push(format!("{case}: accepted, gave {v:?}")),
            Err(_) => self.0.push(format!("{case}: panicked")),
        }
    }

    /// `call` must return `Ok` with a value that `correct` accepts.
    fn answers<T: Debug>(
        &mut self,
        case: &str,
        call: impl FnOnce() -> Result<T>,
        correct: impl FnOnce(&T) -> bool,
    ) {
        match catch_unwind(AssertUnwindSafe(call)) {
            Ok(Ok(v)) if correct(&v) => {}
            Ok(Ok(v)) => self.0.push(format!("{case}: wrong answer {v:?}")),
            Ok(Err(e)) => self.0.push(format!("{case}: refused ({e})")),
            Err(_) => self.0.push(format!("{case}: panicked")),
        }
    }

    /// `call` must return, with an `Error` or any value.
    fn returns<T>(&mut self, case: &str, call: impl FnOnce() -> Result<T>) {
        if catch_unwind(AssertUnwindSafe(call)).is_err() {
            self.0.push(format!("{case}: panicked"));
        }
    }

    fn done(self) {
        assert!(self.0.is_empty(), "failed cases:\n{}", self.0.join("\n"));
    }
}

/// Tiny classification data: two classes of four samples in two features.
fn two_classes() -> (Array2<f64>, Array1<u8>) {
    let x = array![
        [0.0, 0.0],
        [0.5, 0.2],
        [0.2, 0.6],
        [0.7, 0.7],
        [4.0, 0.1],
        [4.5, 0.6],
        [4.2, 0.3],
        [4.8, 0.9]
    ];
    (x, array![0, 0, 0, 0, 1, 1, 1, 1])
}

#[test]
fn random_numbers_at_the_ends_of_i64() {
    let mut audit = Audit::default();
    audit.answers(
        "randint(i64::MIN, i64::MAX, 20)",
        || RandomState::new(0).randint(i64::MIN, i64::MAX, 20),
        |v| v.iter().all(|&x| x < i64::MAX) && v.iter().any(|&x| x < 0),
    );
    audit.answers(
        "randint_scalar(i64::MAX - 1, i64::MAX)",
        || RandomState::new(0).randint_scalar(i64::MAX - 1, i64::MAX),
        |&v| v == i64::MAX - 1,
    );
    audit.refuses("randint(0, i64::MIN, 1)", || {
        RandomState::new(0).randint(0, i64::MIN, 1)
    });
    audit.refuses("multinomial(i64::MIN, ..)", || {
        RandomState::new(0).multinomial(i64::MIN, &[0.5, 0.5], 1)
    });
    audit.answers(
        "multinomial(i64::MAX, [1.0], 1)",
        || RandomState::new(0).multinomial(i64::MAX, &[1.0], 1),
        |v| v == array![[i64::MAX]],
    );
    audit.refuses("multinomial(1, .., usize::MAX)", || {
        RandomState::new(0).multinomial(1, &[0.5, 0.5], usize::MAX)
    });
    audit.refuses("rand((usize::MAX, 2))", || {
        RandomState::new(0).rand((usize::MAX, 2))
    });
    audit.refuses("permutation(usize::MAX)", || {
        RandomState::new(0).permutation(usize::MAX)
    });
    audit.refuses("permutation(usize::MAX / 8)", || {
        RandomState::new(0).permutation(usize::MAX / 8)
    });
    audit.refuses("linear_data(usize::MAX)", || {
        linear_data(&mut RandomState::new(0), usize::MAX)
    });
    audit.answers(
        "shift_image(i64::MIN, i64::MAX)",
        || shift_image(&Array1::<f64>::ones(9), i64::MIN, i64::MAX),
        |v| v.iter().all(|&p| p == 0.0),
    );
    audit.answers(
        "shift_image(i64::MAX, 0)",
        || shift_image(&Array1::<f64>::ones(9), i64::MAX, 0),
        |v| v.iter().all(|&p| p == 0.0),
    );
    audit.done();
}

#[test]
fn splits_at_extreme_sizes() {
    let (x, y) = two_classes();
    let mut audit = Audit::default();
    audit.refuses("KFold::new(usize::MAX).split(8)", || {
        KFold::new(usize::MAX).split(8)
    });
    audit.refuses("KFold::new(2).split(0)", || KFold::new(2).split(0));
    audit.refuses("StratifiedKFold::new(usize::MAX)", || {
        StratifiedKFold::new(usize::MAX).split(&y)
    });
    audit.refuses("cross_val_score(cv = usize::MAX)", || {
        cross_val_score(
            &KNeighborsClassifier::new().n_neighbors(1),
            &x,
            &y,
            usize::MAX,
            Scoring::Accuracy,
        )
    });
    audit.refuses("train_test_split(test_size = 1e300)", || {
        train_test_split(&x, &y, 1e300, 0)
    });
    audit.refuses("shuffle_split_indices(0, 0.5)", || {
        shuffle_split_indices(0, 0.5, Some(0))
    });
    audit.refuses("stratified_split_indices(test_size = f64::MAX)", || {
        stratified_split_indices(&y, f64::MAX, 0)
    });
    audit.refuses("learning_curve(train_sizes = [1e300])", || {
        learning_curve(
            &LinearRegression::new(),
            &x,
            &y.mapv(f64::from),
            &[1e300],
            2,
            root_mean_squared_error,
        )
    });
    for n in [i64::MIN, i64::MAX] {
        audit.refuses(&format!("GridSearchCV n_neighbors = {n}"), || {
            let grid = ParamGrid::new().param("n_neighbors", [n]);
            GridSearchCV::new(KNeighborsClassifier::new(), grid, 2)
                .fit(&x, &y)
                .map(|_| ())
        });
    }
    audit.done();
}

#[test]
fn models_with_extreme_hyper_parameters() {
    let (x, y) = two_classes();
    let mut audit = Audit::default();
    audit.refuses("KNN n_neighbors(usize::MAX)", || {
        let mut knn = KNeighborsClassifier::new().n_neighbors(usize::MAX);
        knn.fit(&x, &y)?;
        knn.predict(&x)
    });
    audit.refuses("kneighbors(x, usize::MAX)", || {
        let mut knn = KNeighborsClassifier::new();
        knn.fit(&x, &y)?;
        knn.kneighbors(&x, usize::MAX)
    });
    audit.refuses("kneighbors(x, 0)", || {
        let mut knn = KNeighborsClassifier::new();
        knn.fit(&x, &y)?;
        knn.kneighbors(&x, 0)
    });
    // A leaf or split bound larger than the data: one leaf, the majority (the first class on
    // a tie), as scikit-learn grows it.
    let one_leaf = |pred: &Array1<u8>| pred.iter().all(|&p| p == 0);
    audit.answers(
        "DecisionTree min_samples_leaf(usize::MAX)",
        || {
            let mut tree = DecisionTreeClassifier::new().min_samples_leaf(usize::MAX);
            tree.fit(&x, &y)?;
            tree.predict(&x)
        },
        one_leaf,
    );
    audit.answers(
        "RandomForest min_samples_split(usize::MAX), bootstrap off",
        || {
            let mut forest = RandomForestClassifier::new()
                .n_estimators(3)
                .bootstrap(false)
                .min_samples_split(usize::MAX);
            forest.fit(&x, &y)?;
            forest.predict(&x)
        },
        one_leaf,
    );
    audit.answers(
        "RandomForest max_depth(usize::MAX)",
        || {
            // Seeded and without bootstrap, so that every tree grows to the whole training
            // set's leaves: an unseeded bootstrap sometimes leaves a sample out of all three.
            let mut forest = RandomForestClassifier::new()
                .n_estimators(3)
                .bootstrap(false)
                .random_state(0)
                .max_depth(usize::MAX);
            forest.fit(&x, &y)?;
            forest.predict(&x)
        },
        |pred| pred == y,
    );
    audit.refuses("RandomForest n_estimators(0)", || {
        let mut forest = RandomForestClassifier::new().n_estimators(0);
        forest.fit(&x, &y)?;
        forest.predict(&x)
    });
    audit.answers(
        "SgdClassifier max_iter(usize::MAX)",
        || {
            let mut sgd = SgdClassifier::new().random_state(0).max_iter(usize::MAX);
            sgd.fit(&x, &y)?;
            sgd.predict(&x)
        },
        |pred| pred == y,
    );
    audit.answers(
        "SgdClassifier n_iter_no_change(usize::MAX)",
        || {
            let mut sgd = SgdClassifier::new()
                .random_state(0)
                .n_iter_no_change(usize::MAX);
            sgd.fit(&x, &y)?;
            sgd.n_iter()
        },
        |&n| n == 1000,
    );
    let y_f = y.mapv(f64::from);
    audit.answers(
        "SgdRegressor n_iter_no_change(usize::MAX)",
        || {
            let mut sgd = SgdRegressor::new()
                .random_state(0)
                .n_iter_no_change(usize::MAX);
            sgd.fit(&x, &y_f)?;
            sgd.n_iter()
        },
        |&n| n == 1000,
    );
    audit.returns("SgdClassifier max_iter(0)", || {
        SgdClassifier::new().max_iter(0).fit(&x, &y).map(|_| ())
    });
    audit.answers(
        "LogisticRegression max_iter(usize::MAX)",
        || {
            let mut model = LogisticRegression::new().max_iter(usize::MAX);
            model.fit(&x, &y)?;
            model.predict(&x)
        },
        |pred| pred == y,
    );
    audit.returns("LogisticRegression max_iter(0)", || {
        LogisticRegression::new()
            .max_iter(0)
            .fit(&x, &y)
            .map(|_| ())
    });
    audit.answers(
        "Lasso max_iter(usize::MAX)",
        || {
            let mut model = Lasso::new().alpha(0.01).max_iter(usize::MAX);
            model.fit(&x, &y_f)?;
            model.n_iter()
        },
        |&n| n < 1000,
    );
    audit.returns("ElasticNet max_iter(0)", || {
        ElasticNet::new().max_iter(0).fit(&x, &y_f).map(|_| ())
    });
    // (x . y + 1)^u32::MAX overflows: libsvm's powi takes the degree as an int, and so must
    // this one, not wrap it to -1 (a reciprocal).
    audit.returns("Svc poly degree(u32::MAX)", || {
        let mut svc = Svc::new().kernel("poly").degree(u32::MAX);
        svc.fit(&x, &y)?;
        svc.predict(&x)
    });
    audit.answers(
        "Svc max_iter(usize::MAX)",
        || {
            let mut svc = Svc::new().max_iter(usize::MAX);
            svc.fit(&x, &y)?;
            svc.predict(&x)
        },
        |pred| pred == y,
    );
    audit.refuses("PolynomialFeatures::new(usize::MAX)", || {
        PolynomialFeatures::new(usize::MAX).fit_transform(&x)
    });
    // Products of distinct features stop at the number of features: [1, a, b, ab].
    audit.answers(
        "PolynomialFeatures::new(usize::MAX).interaction_only(true)",
        || {
            PolynomialFeatures::new(usize::MAX)
                .interaction_only(true)
                .fit_transform(&array![[2.0, 3.0]])
        },
        |x| x == array![[1.0, 2.0, 3.0, 6.0]],
    );
    audit.refuses("PolynomialFeatures::new(1 << 40) on 3 features", || {
        PolynomialFeatures::new(1 << 40).fit_transform(&array![[1.0, 2.0, 3.0]])
    });
    audit.answers(
        "WordCounterToVector::new(usize::MAX)",
        || {
            let counts: Vec<WordCounts> = vec![[("a".to_string(), 2)].into()];
            WordCounterToVector::new(usize::MAX)
                .fit_transform(&counts)
                .map(|m| m.to_dense())
        },
        |x| x == array![[0.0, 2.0]],
    );
    audit.done();
}

#[test]
fn figures_at_extreme_sizes() {
    let mut audit = Audit::default();
    let line = || Plot::new().line([0.0, 1.0], [0.0, 1.0], "b-", "");
    audit.refuses("Plot size(u32::MAX, u32::MAX)", || {
        line().size(u32::MAX, u32::MAX).figure()
    });
    audit.refuses("Plot size(0, 0)", || line().size(0, 0).figure());
    audit.returns("Plot size(1, 1)", || line().size(1, 1).figure()?.to_png());
    audit.returns("Plot of no points", || {
        Plot::new()
            .line(Array1::<f64>::zeros(0), Array1::<f64>::zeros(0), "b-", "")
            .figure()?
            .to_png()
    });
    audit.answers(
        "plot_digits(images_per_row = usize::MAX)",
        || plot_digits(&Array2::<f64>::zeros((3, 784)), usize::MAX),
        |fig| fig.size().0 > fig.size().1,
    );
    audit.returns("plot_digits(no images, usize::MAX)", || {
        plot_digits(&Array2::<f64>::zeros((0, 784)), usize::MAX)?.to_png()
    });
    audit.refuses("subplots(usize::MAX, usize::MAX)", || {
        subplots(usize::MAX, usize::MAX, [plot_digit(&Array1::zeros(784))])
    });
    audit.refuses("matshow of an empty matrix", || {
        matshow(&Array2::<usize>::zeros((0, 0))).figure()
    });
    audit.returns("matshow of zeros, numbers", || {
        matshow(&Array2::<usize>::zeros((2, 2)))
            .numbers()
            .figure()?
            .to_png()
    });
    audit.answers(
        "Table decimals(usize::MAX)",
        || Ok(Table::new(&array![[0.5]]).decimals(usize::MAX).to_html()),
        |html| html.contains("0.5"),
    );
    audit.refuses("boxplot of an empty group", || boxplot(&[("a", &[])]));
    audit.refuses("MeshGrid of no points", || {
        MeshGrid::new(Array1::<f64>::zeros(0), Array1::<f64>::zeros(0))
    });
    audit.done();
}

#[test]
fn empty_inputs_that_a_length_divides() {
    let none_u8 = Array1::<u8>::zeros(0);
    let none_f64 = Array1::<f64>::zeros(0);
    let mut audit = Audit::default();
    audit.refuses("accuracy_score of no samples", || {
        accuracy_score(&none_u8, &none_u8)
    });
    audit.refuses("precision_score of no samples", || {
        precision_score(&none_u8, &none_u8, Average::Binary)
    });
    audit.refuses("f1_score macro of no samples", || {
        f1_score(&none_u8, &none_u8, Average::Macro)
    });
    audit.refuses("mean_squared_error of no samples", || {
        mean_squared_error(&none_f64, &none_f64)
    });
    audit.refuses("r2_score of no samples", || r2_score(&none_f64, &none_f64));
    audit.refuses("roc_auc_score of no samples", || {
        roc_auc_score(&Array1::<bool>::from(vec![]), &none_f64)
    });
    audit.refuses("confusion_matrix of no samples", || {
        confusion_matrix(&none_u8, &none_u8)
    });
    audit.answers(
        "normalized_errors with an empty class",
        || normalized_errors(&array![[0usize, 0], [1, 3]]),
        |m| m[[0, 0]] == 0.0 && m[[0, 1]] == 0.0 && m[[1, 0]] == 0.25,
    );
    audit.refuses("StandardScaler on no rows", || {
        StandardScaler::new().fit_transform(&Array2::<f64>::zeros((0, 2)))
    });
    audit.refuses("PolynomialFeatures on no rows", || {
        PolynomialFeatures::new(2).fit_transform(&Array2::<f64>::zeros((0, 2)))
    });
    audit.refuses("LinearRegression on no rows", || {
        LinearRegression::new()
            .fit(&Array2::<f64>::zeros((0, 2)), &none_f64)
            .map(|_| ())
    });
    audit.refuses("plot_digits of images of no pixels", || {
        plot_digits(&Array2::<f64>::zeros((2, 0)), 5)
    });
    audit.refuses("shift_image of no pixels", || shift_image(&none_f64, 1, 1));
    audit.refuses("parse_idx(expected_ndims = usize::MAX)", || {
        parse_idx(&[0, 0, 8, 1, 0, 0, 0, 0], usize::MAX, Path::new("x"))
    });
    audit.answers(
        "DataFrame head(usize::MAX)",
        || {
            let frame = DataFrame::from_csv(b"a,b\n1,2\n3,4\n", Path::new("x.csv"))?;
            Ok(frame.head(usize::MAX).to_html())
        },
        |text| text.contains('3') && text.contains('4'),
    );
    audit.done();
}
