//! Everything a notebook needs, in one import: `use handson::prelude::*;`.
//!
//! The evcxr kernel "Rust (handson)" runs this import at start-up. Besides the usual ndarray
//! names, it exports the types behind ndarray's aliases (`ArrayBase`, `OwnedRepr`, `ViewRepr`,
//! `Dim`): evcxr names the type of every variable it keeps between cells, and it can only name
//! types that are in scope.

pub use ndarray::{
    Array, Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Axis, Dim, OwnedRepr, ViewRepr,
    array, s,
};

pub use crate::datasets::{
    Column, DataFrame, Iris, Member, Mnist, SpamAssassin, Titanic, linear_data, load_fashion_mnist,
    load_iris, load_mnist, load_spam_assassin, load_titanic, quadratic_data, regularization_data,
};
pub use crate::dummy::DummyClassifier;
pub use crate::ensemble::{DecisionTreeClassifier, MaxFeatures, RandomForestClassifier};
pub use crate::error::{Error, Result};
pub use crate::estimator::{
    DecisionFunction, Fit, FoldScores, Label, ParamValue, Params, Predict, PredictProba, Samples,
    Scorer, SetParams, Targets, Transformer,
};
pub use crate::linalg::{Lstsq, inv, lstsq, pinv};
pub use crate::linear_model::{
    ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge, SgdClassifier, SgdRegressor,
};
pub use crate::metrics::{
    Average, BinaryScores, ClassTargets, Score, accuracy_score, confusion_matrix, f1_score,
    mean_squared_error, normalized_errors, numpy_mean, precision_recall_curve, precision_score,
    r2_score, recall_score, roc_auc_score, roc_curve, root_mean_squared_error,
};
pub use crate::model_selection::{
    CrossValidator, CvResult, GridSearchCV, KFold, LearningCurve, ParamGrid, Scoring,
    StratifiedKFold, cross_val_predict, cross_val_predict_with, cross_val_score, decision_function,
    learning_curve, predict_proba, stratified_split_indices, train_test_split,
};
pub use crate::multiclass::{OneVsOneClassifier, OneVsRestClassifier};
pub use crate::neighbors::{KNeighborsClassifier, NeighborTargets, Weights};
pub use crate::pipeline::{Pipeline, make_pipeline};
pub use crate::plot::{
    Color, Colormap, Figure, IntoFigure, MatShow, MeshGrid, Plot, Style, Svg, Table, ToHtmlTable,
    boxplot, matshow, plot_digit, plot_digits, subplots,
};
pub use crate::preprocessing::{
    ColumnPipeline, ColumnTransformer, ImputeStrategy, NumericPipeline, OneHotEncoder,
    PolynomialFeatures, SimpleImputer, StandardScaler, add_dummy_feature, augment_with_shifts,
    shift_image,
};
pub use crate::random::{RandomState, shuffle_split_indices};
pub use crate::svm::{Gamma, Svc};
pub use crate::text::{
    Email, EmailToWordCounter, SparseCounts, Tokenizer, WordCounterToVector, WordCounts,
    parse_emails,
};
