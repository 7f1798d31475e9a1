//! Transformations of features before a model sees them, as scikit-learn's
//! `sklearn.preprocessing`: [`StandardScaler`]; and whole-pixel image shifts for data
//! augmentation ([`shift_image`], [`augment_with_shifts`]).

pub mod shift;
pub mod standard_scaler;

pub use shift::{ONE_PIXEL_SHIFTS, augment_with_shifts, shift_image};
pub use standard_scaler::StandardScaler;
