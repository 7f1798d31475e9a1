//! The Titanic data set of the Kaggle competition: one row per passenger, whether they survived,
//! and what the passenger list says about them.

use std::path::Path;

use crate::datasets::data_home::data_home;
use crate::datasets::fetch::{DataSet, RemoteFile};
use crate::datasets::frame::DataFrame;
use crate::datasets::shared::load_once;
use crate::error::Result;

/// The training set (891 passengers, with `Survived`) and the test set (418, without).
#[derive(Debug, Clone)]
pub struct Titanic {
    /// `train.csv`: PassengerId, Survived, Pclass, Name, Sex, Age, SibSp, Parch, Ticket, Fare,
    /// Cabin, Embarked.
    pub train: DataFrame,
    /// `test.csv`: the same columns without Survived.
    pub test: DataFrame,
}

const TITANIC: DataSet = DataSet {
    folder: "titanic",
    files: &[
        RemoteFile {
            name: "train.csv",
            sha256: "4a437fde05fe5264e1701a7387ac6fb75393772ba38bb2c9c566405af5af4bd7",
        },
        RemoteFile {
            name: "test.csv",
            sha256: "5c78320a80dc159b35c408363be46a5d93f078183d539db75ee42a796d6a4e95",
        },
    ],
    mirrors: &["https://raw.githubusercontent.com/ageron/handson-ml2/master/datasets/titanic/"],
    system_dirs: &[],
    ignored_members: &[],
};

/// Loads Titanic from `<data home>/titanic/`, downloading it when missing. Read once per process
/// and shared, like [`load_mnist`](crate::datasets::load_mnist).
///
/// ```no_run
/// let titanic = handson::datasets::load_titanic()?;
/// assert_eq!(titanic.train.n_rows(), 891);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn load_titanic() -> Result<&'static Titanic> {
    load_titanic_in(None)
}

/// Loads Titanic from `<data_home>/titanic/` (see [`load_titanic`]).
pub fn load_titanic_from(data_home: impl AsRef<Path>) -> Result<&'static Titanic> {
    load_titanic_in(Some(data_home.as_ref()))
}

/// Loads Titanic from the data home `data_home_dir`, or the default one for `None`.
fn load_titanic_in(data_home_dir: Option<&Path>) -> Result<&'static Titanic> {
    let folder = data_home(data_home_dir)?.join(TITANIC.folder);
    load_once(folder.clone(), || {
        let contents = TITANIC.fetch(data_home_dir)?;
        Ok(Titanic {
            train: DataFrame::from_csv(&contents[0], &folder.join("train.csv"))?,
            test: DataFrame::from_csv(&contents[1], &folder.join("test.csv"))?,
        })
    })
}
