"""Writes tests/notebooks/error_survival.ipynb: a learner's mistakes, one per cell, each followed
by a cell that uses what earlier cells made.

    .venv/bin/python tests/notebooks/make_error_survival.py

`kernel/run_notebooks.py --check` runs it (tests/notebooks.rs): a cell whose metadata says
`"handson": {"expect_error": "text"}` must fail with an error whose text holds `text`; every other
cell must succeed and print what its metadata lists.
"""

from pathlib import Path

import nbformat

CELLS = [
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


def main():
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Rust (handson)", "language": "rust", "name": "handson"},
        "language_info": {"name": "rust"},
    }
    for kind, source, expect in CELLS:
        if kind == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source)
            if expect:
                cell.metadata["handson"] = expect
            nb.cells.append(cell)
    path = Path(__file__).with_name("error_survival.ipynb")
    nbformat.write(nb, path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
