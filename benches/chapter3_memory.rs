//! Stress check: the chapter-3 workloads (the chapter notebook and its three exercise notebooks)
//! run back to back three times in one process, with the resident memory measured after each
//! round. Memory that a round leaks, or that piles up in the allocator, shows as growth from
//! round to round; the check fails when the resident size after round 3 exceeds the one after
//! round 1 by more than 10%.
//!
//! `HANDSON_DATA=../shared/data cargo bench --bench chapter3_memory` (about 15 minutes on 2
//! cores; needs MNIST, Titanic and SpamAssassin in the data home).

use std::time::Instant;

use handson::prelude::*;

const ROUNDS: usize = 3;
const MOST_GROWTH: f64 = 0.10;

fn main() {
    if let Err(e) = run() {
        eprintln!("chapter3_memory: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let started = Instant::now();
    // The data sets are loaded once per process (the loaders share them), as in a kernel.
    let mnist = load_mnist()?;
    let titanic = load_titanic()?;
    let spam = load_spam_assassin()?;
    println!(
        "data loaded in {:.1} s: resident {:.0} MB",
        started.elapsed().as_secs_f64(),
        resident_mb()
    );
    let mut after_round = Vec::new();
    for round in 1..=ROUNDS {
        let started = Instant::now();
        let mut checks = Vec::new();
        checks.push(classification(mnist)?);
        checks.push(exercises_mnist(mnist)?);
        checks.push(exercise_titanic(titanic)?);
        checks.push(exercise_spam(spam)?);
        let resident = resident_mb();
        after_round.push(resident);
        println!(
            "round {round}: {:.1} s, resident after the round {resident:.0} MB, peak so far \
             {:.0} MB; checks {checks:?}",
            started.elapsed().as_secs_f64(),
            peak_mb()
        );
    }
    let growth = after_round[ROUNDS - 1] / after_round[0] - 1.0;
    println!(
        "resident after round 1: {:.0} MB, after round {ROUNDS}: {:.0} MB, growth {:+.1}% \
         (limit {:.0}%)",
        after_round[0],
        after_round[ROUNDS - 1],
        100.0 * growth,
        100.0 * MOST_GROWTH
    );
    if growth > MOST_GROWTH {
        return Err(Error::invalid(
            "resident memory growth",
            format!("at most {:.0}%", 100.0 * MOST_GROWTH),
            format!("{:.1}%", 100.0 * growth),
        ));
    }
    Ok(())
}

/// The chapter notebook: the 5-detector and its curves, the forest, multiclass SGD and OvO,
/// error analysis with its figures, multilabel KNN and the denoising KNN. Returns the
/// cross-validated accuracy on scaled pixels (0.8965 in the book's run).
fn classification(mnist: &Mnist) -> Result<f64> {
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let (x_test, y_test) = (&mnist.x_test, &mnist.y_test);
    let sgd = SgdClassifier::new().random_state(42);
    plot_digits(&x_train.slice(s![..100, ..]), 10)?.to_png()?;
    let y_train_5 = y_train.mapv(|d| d == 5);
    let mut sgd_5 = sgd.clone();
    sgd_5.fit(x_train, &y_train_5)?;
    cross_val_score(&sgd, x_train, &y_train_5, 3, Scoring::Accuracy)?;
    let y_train_pred = cross_val_predict(&sgd, x_train, &y_train_5, 3)?;
    confusion_matrix(&y_train_5, &y_train_pred)?;
    f1_score(&y_train_5, &y_train_pred, Average::Binary)?;
    let y_scores = cross_val_predict_with(&sgd, x_train, &y_train_5, 3, decision_function)?
        .column(0)
        .to_owned();
    precision_recall_curve(&y_train_5, &y_scores)?;
    roc_curve(&y_train_5, &y_scores)?;
    let forest = RandomForestClassifier::new().random_state(42);
    let y_probas_forest = cross_val_predict_with(&forest, x_train, &y_train_5, 3, predict_proba)?;
    roc_auc_score(&y_train_5, &y_probas_forest.column(1).to_owned())?;

    let sgd = SgdClassifier::new().random_state(42);
    sgd.clone().fit(x_train, y_train)?;
    OneVsOneClassifier::new(SgdClassifier::new().random_state(42)).fit(x_train, y_train)?;
    cross_val_score(&sgd, x_train, y_train, 3, Scoring::Accuracy)?;
    let x_train_scaled = StandardScaler::new().fit_transform(x_train)?;
    let y_train_pred = cross_val_predict(&sgd, &x_train_scaled, y_train, 3)?;
    let conf_mx = confusion_matrix(y_train, &y_train_pred)?;
    matshow(&conf_mx).into_figure()?.to_png()?;
    matshow(&normalized_errors(&conf_mx)?)
        .into_figure()?
        .to_png()?;
    let digits = |actual: u8, predicted: u8| {
        let rows: Vec<usize> = (0..y_train.len())
            .filter(|&i| y_train[i] == actual && y_train_pred[i] == predicted)
            .take(25)
            .collect();
        plot_digits(&x_train.select(Axis(0), &rows), 5)
    };
    subplots(
        2,
        2,
        [digits(3, 3), digits(3, 5), digits(5, 3), digits(5, 5)],
    )?
    .to_png()?;

    let y_multilabel = Array2::from_shape_fn((y_train.len(), 2), |(i, j)| {
        if j == 0 {
            y_train[i] >= 7
        } else {
            y_train[i] % 2 == 1
        }
    });
    KNeighborsClassifier::new().fit(x_train, &y_multilabel)?;
    let y_knn = cross_val_predict(&KNeighborsClassifier::new(), x_train, &y_multilabel, 3)?;
    f1_score(&y_multilabel, &y_knn, Average::Macro)?;

    let mut rng = RandomState::new(42);
    let x_train_mod = x_train
        + &rng
            .randint(0, 100, (x_train.nrows(), 784))?
            .mapv(|v| v as f64);
    let x_test_mod = x_test
        + &rng
            .randint(0, 100, (x_test.nrows(), 784))?
            .mapv(|v| v as f64);
    let mut knn_denoise = KNeighborsClassifier::new();
    knn_denoise.fit(&x_train_mod, &x_train.mapv(|v| v as u8))?;
    let clean = knn_denoise.predict(&x_test_mod.slice(s![..1, ..]))?;
    plot_digit(&clean.row(0).mapv(f64::from))?.to_png()?;
    assert_eq!(y_test.len(), 10_000);
    accuracy_score(y_train, &y_train_pred)
}

/// The MNIST exercises: the KNN grid search, its test accuracy, and KNN on the shift-augmented
/// training set. Returns the augmented model's test accuracy (0.9763).
fn exercises_mnist(mnist: &Mnist) -> Result<f64> {
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let (x_test, y_test) = (&mnist.x_test, &mnist.y_test);
    let param_grid = ParamGrid::new()
        .param("weights", ["uniform", "distance"])
        .param("n_neighbors", [3, 4, 5]);
    let mut grid_search = GridSearchCV::new(KNeighborsClassifier::new(), param_grid, 5);
    grid_search.fit(x_train, y_train)?;
    grid_search.best_estimator()?.score(x_test, y_test)?;
    let (x_augmented, y_augmented) = augment_with_shifts(x_train, y_train)?;
    let mut knn = KNeighborsClassifier::new()
        .n_neighbors(4)
        .weights(Weights::Distance);
    knn.fit(&x_augmented, &y_augmented)?;
    knn.score(x_test, y_test)
}

/// The Titanic exercise: preprocessing, forest and KNN cross-validation. Returns the forest's
/// mean cross-validated accuracy.
fn exercise_titanic(titanic: &Titanic) -> Result<f64> {
    let mut preprocess = ColumnTransformer::new()
        .add(
            "num",
            NumericPipeline::new(ImputeStrategy::Median).standardize(),
            ["Age", "SibSp", "Parch", "Fare"],
        )
        .add(
            "cat",
            OneHotEncoder::new().impute_most_frequent(),
            ["Pclass", "Sex", "Embarked"],
        );
    let x_train = preprocess.fit_transform(&titanic.train)?;
    let y_train = titanic.train.numeric("Survived")?.mapv(|v| v as u8);
    let forest = RandomForestClassifier::new().random_state(42);
    let forest_scores = cross_val_score(&forest, &x_train, &y_train, 10, Scoring::Accuracy)?;
    cross_val_score(
        &KNeighborsClassifier::new(),
        &x_train,
        &y_train,
        10,
        Scoring::Accuracy,
    )?;
    let mut fitted = forest.clone();
    fitted.fit(&x_train, &y_train)?;
    fitted.predict(&preprocess.transform(&titanic.test)?)?;
    Ok(forest_scores.mean().unwrap_or(f64::NAN))
}

/// The spam exercise: parsing, word counts, vectors, logistic regression. Returns the test
/// recall.
fn exercise_spam(corpus: &SpamAssassin) -> Result<f64> {
    let ham = parse_emails(&corpus.easy_ham)?;
    let spam = parse_emails(&corpus.spam)?;
    let emails: Vec<Email> = ham.iter().chain(&spam).cloned().collect();
    let y = Array1::from_iter((0..emails.len()).map(|i| u8::from(i >= ham.len())));
    let (train_idx, test_idx) = shuffle_split_indices(emails.len(), 0.2, Some(42))?;
    let pick = |rows: &[usize]| {
        rows.iter()
            .map(|&i| emails[i].clone())
            .collect::<Vec<Email>>()
    };
    let counter = EmailToWordCounter::new();
    let mut vectorizer = WordCounterToVector::new(1000);
    let x_train = vectorizer
        .fit_transform(&counter.transform(&pick(&train_idx)))?
        .to_dense();
    let x_test = vectorizer
        .transform(&counter.transform(&pick(&test_idx)))?
        .to_dense();
    let (y_train, y_test) = (y.select(Axis(0), &train_idx), y.select(Axis(0), &test_idx));
    let model = LogisticRegression::new().max_iter(1000);
    cross_val_score(&model, &x_train, &y_train, 3, Scoring::Accuracy)?;
    let mut fitted = model.clone();
    fitted.fit(&x_train, &y_train)?;
    recall_score(&y_test, &fitted.predict(&x_test)?, Average::Binary)
}

/// A line of `/proc/self/status` in MB (`VmRSS`: resident now; `VmHWM`: the peak).
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .map_or(f64::NAN, |kb: f64| kb / 1024.0)
}

fn resident_mb() -> f64 {
    status_mb("VmRSS:")
}

fn peak_mb() -> f64 {
    status_mb("VmHWM:")
}
