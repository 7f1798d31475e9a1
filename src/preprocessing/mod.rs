//! Transformations of features before a model sees them, as scikit-learn's
//! `sklearn.preprocessing`: [`StandardScaler`], [`PolynomialFeatures`], [`add_dummy_feature`],
//! [`SimpleImputer`], [`OneHotEncoder`] and the [`ColumnTransformer`] that applies them to the
//! columns of a data frame; and whole-pixel image shifts for data augmentation
//! ([`shift_image`], [`augment_with_shifts`]).

pub mod column_transformer;
pub mod dummy_feature;
pub mod imputer;
pub mod polynomial;
pub mod shift;
pub mod standard_scaler;

pub use column_transformer::{ColumnPipeline, ColumnTransformer, NumericPipeline, OneHotEncoder};
pub use dummy_feature::add_dummy_feature;
pub use imputer::{ImputeStrategy, SimpleImputer};
pub use polynomial::PolynomialFeatures;
pub use shift::{ONE_PIXEL_SHIFTS, augment_with_shifts, shift_image};
pub use standard_scaler::StandardScaler;
