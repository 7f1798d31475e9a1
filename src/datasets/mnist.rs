//! MNIST and Fashion-MNIST: 70,000 28x28 grey images, 60,000 for training then 10,000 for test.
//!
//! Pixels are `f64` values 0..=255, as the book's `fetch_openml("mnist_784")` gives them, one
//! image per row of 784 values.

use std::path::Path;

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::datasets::data_home::data_home;
use crate::datasets::fetch::{DataSet, RemoteFile};
use crate::datasets::idx::{IdxArray, parse_idx};
use crate::datasets::shared::load_once;
use crate::error::{Error, Result};

/// The side of an image in pixels.
pub const IMAGE_SIDE: usize = 28;
/// Pixels per image (28 x 28).
pub const IMAGE_PIXELS: usize = IMAGE_SIDE * IMAGE_SIDE;

/// A data set of 28x28 images split into training and test sets.
#[derive(Debug, Clone)]
pub struct Mnist {
    /// Training images, one per row (60,000 x 784), pixel values 0..=255.
    pub x_train: Array2<f64>,
    /// Training labels 0..=9.
    pub y_train: Array1<u8>,
    /// Test images (10,000 x 784).
    pub x_test: Array2<f64>,
    /// Test labels.
    pub y_test: Array1<u8>,
    /// The name of each class, indexed by label, as scikit-learn's data sets give
    /// `target_names`: the digits "0" to "9" for MNIST, "T-shirt/top" to "Ankle boot" for
    /// Fashion-MNIST.
    pub target_names: Vec<String>,
}

/// The class names of MNIST: the digits themselves.
const DIGIT_NAMES: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
/// The class names of Fashion-MNIST, from its README.
const FASHION_NAMES: [&str; 10] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
];

const MNIST: DataSet = DataSet {
    folder: "mnist",
    files: &[
        RemoteFile {
            name: "train-images-idx3-ubyte.gz",
            sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        },
        RemoteFile {
            name: "train-labels-idx1-ubyte.gz",
            sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        },
        RemoteFile {
            name: "t10k-images-idx3-ubyte.gz",
            sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        },
        RemoteFile {
            name: "t10k-labels-idx1-ubyte.gz",
            sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        },
    ],
    mirrors: &[
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ],
    system_dirs: &[],
    ignored_members: &[],
};

const FASHION_MNIST: DataSet = DataSet {
    folder: "fashion-mnist",
    files: &[
        RemoteFile {
            name: "train-images-idx3-ubyte.gz",
            sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        },
        RemoteFile {
            name: "train-labels-idx1-ubyte.gz",
            sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        },
        RemoteFile {
            name: "t10k-images-idx3-ubyte.gz",
            sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        },
        RemoteFile {
            name: "t10k-labels-idx1-ubyte.gz",
            sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        },
    ],
    mirrors: &[
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ],
    system_dirs: &["/usr/share/datasets/fashion-mnist"],
    ignored_members: &[],
};

/// Loads MNIST from the data home (`$HANDSON_DATA`, else the per-user cache), downloading it
/// when missing.
///
/// The data set is read once per process and shared: later calls return the same `&'static`
/// value at no cost. Being `'static` is what lets a notebook keep `let x_train = &mnist.x_train;`
/// from one cell to the next; clone an array to get a copy you can change.
///
/// ```no_run
/// use handson::datasets::load_mnist;
/// let mnist = load_mnist()?;
/// assert_eq!(mnist.x_train.dim(), (60000, 784));
/// assert_eq!(mnist.y_train[0], 5);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn load_mnist() -> Result<&'static Mnist> {
    load_images(&MNIST, None)
}

/// Loads MNIST from `<data_home>/mnist/`, downloading it there when missing, like
/// scikit-learn's `fetch_openml("mnist_784", data_home=data_home)`; [`load_mnist`] finds the
/// data home itself.
///
/// ```no_run
/// let mnist = handson::datasets::load_mnist_from("data")?;
/// # Ok::<(), handson::Error>(())
/// ```
pub fn load_mnist_from(data_home: impl AsRef<Path>) -> Result<&'static Mnist> {
    load_images(&MNIST, Some(data_home.as_ref()))
}

/// Loads Fashion-MNIST (the same shapes, ten kinds of clothing) from `<data home>/fashion-mnist/`,
/// then Debian's `/usr/share/datasets/fashion-mnist/` (`apt-get install dataset-fashion-mnist`),
/// downloading it when missing.
pub fn load_fashion_mnist() -> Result<&'static Mnist> {
    load_named(&FASHION_MNIST, None, &FASHION_NAMES)
}

/// Loads Fashion-MNIST from `<data_home>/fashion-mnist/` (see [`load_fashion_mnist`]).
pub fn load_fashion_mnist_from(data_home: impl AsRef<Path>) -> Result<&'static Mnist> {
    load_named(&FASHION_MNIST, Some(data_home.as_ref()), &FASHION_NAMES)
}

/// Loads a data set whose files are, in order, training images, training labels, test images
/// and test labels in the IDX format.
///
/// This is how [`load_mnist`] works, including its once-per-process sharing (keyed by the data
/// set's folder); it is public so that a data set in the same layout (or a small fixture) can be
/// loaded the same way. Its classes are named as digits, "0" to "9".
pub fn load_images(dataset: &DataSet, data_home_dir: Option<&Path>) -> Result<&'static Mnist> {
    load_named(dataset, data_home_dir, &DIGIT_NAMES)
}

/// [`load_images`] with the classes' names.
fn load_named(
    dataset: &DataSet,
    data_home_dir: Option<&Path>,
    target_names: &[&str],
) -> Result<&'static Mnist> {
    let folder = data_home(data_home_dir)?.join(dataset.folder);
    load_once(folder, || {
        let mut images = read_images(dataset, data_home_dir)?;
        images.target_names = target_names.iter().map(|name| name.to_string()).collect();
        Ok(images)
    })
}

fn read_images(dataset: &DataSet, data_home: Option<&Path>) -> Result<Mnist> {
    let [train_images, train_labels, test_images, test_labels] = dataset.files else {
        return Err(Error::invalid(
            "dataset",
            "four files: training images, training labels, test images, test labels",
            format!("{} files", dataset.files.len()),
        ));
    };
    let contents = dataset.fetch(data_home)?;
    let parse = |i: usize, name: &str, ndims| parse_idx(&contents[i], ndims, Path::new(name));
    let (x_train, y_train) = image_set(
        parse(0, train_images.name, 3)?,
        parse(1, train_labels.name, 1)?,
        train_images.name,
    )?;
    let (x_test, y_test) = image_set(
        parse(2, test_images.name, 3)?,
        parse(3, test_labels.name, 1)?,
        test_images.name,
    )?;
    Ok(Mnist {
        x_train,
        y_train,
        x_test,
        y_test,
        target_names: Vec::new(),
    })
}

/// Pairs an image file with its label file, checking that they agree.
fn image_set(images: IdxArray, labels: IdxArray, name: &str) -> Result<(Array2<f64>, Array1<u8>)> {
    let corrupt = |problem: String| Error::CorruptData {
        path: name.into(),
        problem,
        fix: "Delete the data set's files so that they are downloaded again".into(),
    };
    let [n, rows, cols] = images.dims[..] else {
        return Err(corrupt(format!(
            "expected 3 dimensions, found {:?}",
            images.dims
        )));
    };
    if rows * cols != IMAGE_PIXELS {
        return Err(corrupt(format!("images are {rows}x{cols}, expected 28x28")));
    }
    if labels.data.len() != n {
        return Err(corrupt(format!(
            "{n} images but {} labels in the matching label file",
            labels.data.len()
        )));
    }
    let pixels: Vec<f64> = images.data.par_iter().map(|&p| f64::from(p)).collect();
    let x = Array2::from_shape_vec((n, IMAGE_PIXELS), pixels)
        .map_err(|e| corrupt(format!("cannot shape images: {e}")))?;
    Ok((x, Array1::from_vec(labels.data)))
}
