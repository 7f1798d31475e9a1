//! Data sets the chapters use: loaders, the data home, downloads and checksums.
//!
//! Every loader looks in the data home (see [`data_home()`]) first, downloads what is missing
//! from the public source with checksum verification, and fails with an error that names the
//! missing files and the directory to put them in when it cannot. Loaded data sets are shared
//! for the rest of the process ([`load_once`]). The iris data set ships inside the crate
//! ([`load_iris`]), and chapter 4's generated data come from [`linear_data`],
//! [`quadratic_data`] and [`regularization_data`].
//!
//! Every item has one path, `handson::datasets::Item`, as in scikit-learn's `sklearn.datasets`;
//! the submodules that hold them are private:
//!
//! - data sets: `mnist` (MNIST and Fashion-MNIST), `titanic`, `spam` (SpamAssassin), `iris`,
//!   `synthetic` (chapter 4's generated data);
//! - the file formats: `idx` (MNIST's image files), `frame` (CSV tables), `archive` (tar),
//!   `compression` (gzip and bzip2);
//! - getting the files: `data_home`, `fetch` (downloads), `checksum` (their verification),
//!   `shared` (data loaded once per process).

mod archive;
mod checksum;
mod compression;
mod data_home;
mod fetch;
mod frame;
mod idx;
mod iris;
mod mnist;
mod shared;
mod spam;
mod synthetic;
mod titanic;

pub use archive::{Member, tar_members};
pub use checksum::{members_digest, sha256_hex};
pub use compression::decompress;
pub use data_home::{DATA_HOME_ENV, data_home};
pub use fetch::{DataSet, RemoteFile};
pub use frame::{Column, DataFrame, DataFrameHead};
pub use idx::{IdxArray, parse_idx};
pub use iris::{Iris, load_iris};
pub use mnist::{
    IMAGE_PIXELS, IMAGE_SIDE, Mnist, load_fashion_mnist, load_fashion_mnist_from, load_images,
    load_mnist, load_mnist_from,
};
pub use shared::load_once;
pub use spam::{SpamAssassin, load_spam_assassin, load_spam_assassin_from};
pub use synthetic::{linear_data, quadratic_data, regularization_data};
pub use titanic::{Titanic, load_titanic, load_titanic_from};
