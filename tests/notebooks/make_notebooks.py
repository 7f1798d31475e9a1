"""Writes the regression notebooks of the notebook check (tests/notebooks.rs runs them through
`kernel/run_notebooks.py --check`):

- tests/notebooks/error_survival.ipynb: a learner's mistakes, one per cell, each followed by a
  cell that uses what earlier cells made. A cell whose metadata says
  `"handson": {"expect_error": "text"}` must fail with an error whose text holds `text`; every
  other cell must succeed and print what its metadata lists. The check must pass it.
- tests/notebooks/rejected/stderr_failures.ipynb: leaf cells with no metadata that fail only on
  stderr (an `Err` returned through `?`, and a panic), as evcxr reports them, with a compile
  error and a cell of `:` commands between them. The check must reject it, naming both cells.

    .venv/bin/python tests/notebooks/make_notebooks.py
"""

from pathlib import Path

import nbformat

ERROR_SURVIVAL = [
    ("markdown", "# Errors a notebook survives\n\nEach mistake below is answered with a message, "
     "and the cells after it still use the variables made before it.", {}),
    ("code", """let mut rng = RandomState::new(42);
let (x, y) = linear_data(&mut rng, 100)?;
let mut lin_reg = LinearRegression::new();
lin_reg.fit(&x, &y)?;
println!("coef: {}", lin_reg.coef()?[0]);""",
     {"expect_values": {"coef": [2.7701133864384806, 1e-12]}}),
    ("markdown", "A shape mismatch, returned as `Err` and shown through `?`:", {}),
    ("code", """let x_wide = array![[0.5, 1.5]];
lin_reg.predict(&x_wide)?""",
     {"expect_error": "expected 1 columns, as in the data the model was fitted on, got 2"}),
    ("code", """println!("coef: {}", lin_reg.coef()?[0]);
println!("rows: {}", x.nrows());""",
     {"expect_values": {"coef": [2.7701133864384806, 1e-12], "rows": [100, 0]}}),
    ("markdown", "A NaN in the data, and a hyper-parameter out of range:", {}),
    ("code", """let x_nan = array![[1.0], [f64::NAN]];
LinearRegression::new().fit(&x_nan, &array![1.0, 2.0])?;""",
     {"expect_error": "got NaN at row 1, column 0"}),
    ("code", """let labels = y.mapv(|v| v > 7.0);
KNeighborsClassifier::new().n_neighbors(0).fit(&x, &labels)?;""",
     {"expect_error": "invalid argument `n_neighbors`: expected between 1 and the number of "
      "training samples (100), got 0"}),
    ("code", """println!("rows: {}", x.nrows());""", {"expect_values": {"rows": [100, 0]}}),
    ("markdown", "A compile error:", {}),
    ("code", """let n: usize = x.nrows() + "one";""", {"expect_error": "cannot add"}),
    ("code", """println!("rows: {}", x.nrows());
println!("coef: {}", lin_reg.coef()?[0]);""",
     {"expect_values": {"rows": [100, 0], "coef": [2.7701133864384806, 1e-12]}}),
    ("markdown", "A panic in the learner's own code (an index past the end, in a cell that "
     "also borrows `x`). evcxr catches it, shows its message, and keeps the variables (all but "
     "those the panicking cell moved):", {}),
    ("code", """let empty: Vec<f64> = Vec::new();
println!("{}", empty[3] + x[[0, 0]]);""",
     {"expect_error": "index out of bounds: the len is 0 but the index is 3"}),
    ("code", """println!("rows: {}", x.nrows());
println!("coef: {}", lin_reg.coef()?[0]);""",
     {"expect_values": {"rows": [100, 0], "coef": [2.7701133864384806, 1e-12]}}),
]


STDERR_FAILURES = [
    ("markdown", "# Failures the check must see\n\nevcxr shows the `Err` and the panic only on "
     "stderr, with no error output. Neither cell has check metadata, and nothing uses what they "
     "make. Between them, a cell that does not compile (so it cannot run the runner's marker) "
     "and one of `:` commands only (which cannot carry it): the `Err` must still be found in "
     "its own cell.", {}),
    ("code", """let x = array![[1.0], [2.0], [3.0]];
println!("rows: {}", x.nrows());""", {"expect_values": {"rows": [3, 0]}}),
    ("code", """let mut lin_reg = LinearRegression::new();
lin_reg.fit(&x, &array![1.0, f64::NAN, 3.0])?;""", {}),
    ("code", """let n: usize = x.nrows() + "one";""", {"expect_error": "cannot add"}),
    ("code", """:efmt {}""", {}),
    ("code", """let empty: Vec<f64> = Vec::new();
println!("{}", empty[3] + x[[0, 0]]);""", {}),
]


def write_notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Rust (handson)", "language": "rust", "name": "handson"},
        "language_info": {"name": "rust"},
    }
    for index, (kind, source, expect) in enumerate(cells):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
            if expect:
                cell.metadata["handson"] = expect
        cell.id = f"cell-{index}"  # stable ids: regenerating changes nothing
        nb.cells.append(cell)
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    print(f"wrote {path}")


def main():
    here = Path(__file__).parent
    write_notebook(here / "error_survival.ipynb", ERROR_SURVIVAL)
    write_notebook(here / "rejected" / "stderr_failures.ipynb", STDERR_FAILURES)


if __name__ == "__main__":
    main()
