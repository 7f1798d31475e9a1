//! Data sets the chapters use: loaders, the data home, downloads and checksums.
//!
//! Every loader looks in the data home (see [`data_home()`]) first, downloads what is missing
//! from the public source with checksum verification, and fails with an error that names the
//! missing files and the directory to put them in when it cannot. Loaded data sets are shared
//! for the rest of the process (see [`shared`]). The iris data set ships inside the crate
//! ([`load_iris`]), and chapter 4's generated data come from [`synthetic`].

pub mod archive;
pub mod compression;
pub mod data_home;
pub mod fetch;
pub mod frame;
pub mod idx;
pub mod iris;
pub mod mnist;
pub mod shared;
pub mod spam;
pub mod synthetic;

pub mod titanic;

pub use archive::Member;
pub use data_home::{DATA_HOME_ENV, data_home};
pub use fetch::{DataSet, RemoteFile};
pub use frame::{Column, DataFrame, DataFrameHead};
pub use iris::{Iris, load_iris};
pub use mnist::{
    IMAGE_PIXELS, IMAGE_SIDE, Mnist, load_fashion_mnist, load_fashion_mnist_from, load_images,
    load_mnist, load_mnist_from,
};
pub use spam::{SpamAssassin, load_spam_assassin, load_spam_assassin_from};
pub use synthetic::{linear_data, quadratic_data, regularization_data};
pub use titanic::{Titanic, load_titanic, load_titanic_from};
