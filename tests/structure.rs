//! The crate's layers, checked from its source: imports point down (DEVELOPERS.md's
//! "notebooks -> prelude -> models and model selection -> metrics, plot, datasets, text ->
//! estimator contract -> error"), no model imports the tools that select models, and no two
//! modules, or submodules of one module, import each other.
//!
//! An import is any `crate::a::b` path outside comments and outside a file's `mod tests`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module of the crate by its path (`["datasets", "fetch"]`), and its source file.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            (parts, file)
        })
        .collect()
}

/// The code lines of `file`: comments and the inline `mod tests` (which may import anything)
/// left out.
fn code_lines(file: &Path) -> Vec<String> {
    let text = fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut code = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let next = lines.get(i + 1).map_or("", |l| l.trim());
        if trimmed == "#[cfg(test)]" && next.starts_with("mod tests {") {
            break;
        }
        if !trimmed.starts_with("//") {
            code.push(trimmed.split("//").next().unwrap_or("").to_owned());
        }
    }
    code
}

/// The names that follow `prefix` (`crate::`, `crate::datasets::`, `super::`) in `line`.
fn names_after<'a>(line: &'a str, prefix: &str) -> Vec<&'a str> {
    line.match_indices(prefix)
        .filter(|(at, _)| {
            let before = line[..*at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        })
        .map(|(at, _)| {
            let rest = &line[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The top-level modules each top-level module imports (`linear_model` -> `estimator`, ...).
fn top_level_imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, file) in modules() {
        let Some(top) = path.first() else { continue };
        let entry = imports.entry(top.clone()).or_default();
        for line in code_lines(&file) {
            for name in names_after(&line, "crate::") {
                if name != top {
                    entry.insert(name.to_owned());
                }
            }
        }
    }
    imports
}

/// The submodules each submodule of `parent` imports, through `crate::parent::` or `super::`.
fn submodule_imports(parent: &str) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let is_submodule = |name: &str| modules.contains_key(&[parent.to_owned(), name.to_owned()][..]);
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, file) in &modules {
        if path.len() < 2 || path[0] != parent {
            continue;
        }
        let me = &path[1];
        let entry = imports.entry(me.clone()).or_default();
        let prefix = format!("crate::{parent}::");
        for line in code_lines(file) {
            let mut names = names_after(&line, &prefix);
            if path.len() == 2 {
                names.extend(names_after(&line, "super::"));
            }
            for name in names {
                if name != me && is_submodule(name) {
                    entry.insert(name.to_owned());
                }
            }
        }
    }
    imports
}

/// A cycle of `imports`, as the list of modules around it, if there is one.
fn find_cycle(imports: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        imports: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in imports.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, imports, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    imports
        .keys()
        .find_map(|node| visit(node, imports, &mut done, &mut Vec::new()))
}

/// Each top-level module's layer, from the bottom (0) up; the crate's internal helpers
/// (`validation`, `memory`, `simd`) and NumPy's generator sit with the estimator contract.
fn layer(module: &str) -> usize {
    match module {
        "error" => 0,
        "estimator" | "validation" | "memory" | "simd" | "random" => 1,
        "metrics" | "plot" | "datasets" | "text" | "linalg" => 2,
        "linear_model" | "neighbors" | "ensemble" | "multiclass" | "pipeline" | "preprocessing"
        | "svm" | "dummy" | "model_selection" => 3,
        "prelude" => 4,
        other => panic!("module `{other}` has no layer: add it to tests/structure.rs"),
    }
}

#[test]
fn imports_point_down_the_layers() {
    let mut upward = Vec::new();
    for (module, imported) in top_level_imports() {
        for target in imported {
            if layer(&target) > layer(&module) {
                upward.push(format!("{module} -> {target}"));
            }
        }
    }
    assert!(upward.is_empty(), "imports that point up: {upward:?}");
}

#[test]
fn models_do_not_import_model_selection() {
    let models = [
        "linear_model",
        "neighbors",
        "ensemble",
        "multiclass",
        "pipeline",
        "preprocessing",
        "svm",
        "dummy",
    ];
    let offenders: Vec<String> = top_level_imports()
        .into_iter()
        .filter(|(module, imported)| {
            models.contains(&module.as_str()) && imported.contains("model_selection")
        })
        .map(|(module, _)| module)
        .collect();
    assert!(
        offenders.is_empty(),
        "models importing model_selection: {offenders:?}"
    );
}

#[test]
fn top_level_modules_have_no_import_cycle() {
    let cycle = find_cycle(&top_level_imports());
    assert_eq!(cycle, None, "modules that import each other");
}

#[test]
fn estimator_contract_imports_only_the_error_type() {
    let imports = top_level_imports();
    let estimator: Vec<&String> = imports["estimator"].iter().collect();
    assert_eq!(
        estimator,
        ["error"],
        "the estimator contract imports more than `error`"
    );
    assert!(!imports["metrics"].contains("model_selection"));
}

#[test]
fn submodules_have_no_import_cycle() {
    let parents: BTreeSet<String> = modules()
        .keys()
        .filter(|path| path.len() >= 2)
        .map(|path| path[0].clone())
        .collect();
    for parent in parents {
        let cycle = find_cycle(&submodule_imports(&parent));
        assert_eq!(
            cycle, None,
            "submodules of `{parent}` that import each other"
        );
    }
}

#[test]
fn a_figure_knows_none_of_the_contents_it_draws() {
    // Plots, matrices, digits and layouts build figures; `plot::figure` draws them through its
    // `Draw` trait and imports none of them.
    let plot = submodule_imports("plot");
    for content in ["axes", "matshow", "digits", "layout"] {
        assert!(
            !plot["figure"].contains(content),
            "plot::figure imports plot::{content}: {:?}",
            plot["figure"]
        );
        assert!(
            plot[content].contains("figure"),
            "plot::{content} builds figures"
        );
    }
}

#[test]
fn figures_share_tick_labels_and_contours_through_their_own_modules() {
    let plot = submodule_imports("plot");
    for drawing in ["matshow", "contour"] {
        assert!(
            !plot[drawing].contains("axes"),
            "plot::{drawing} imports plot::axes: {:?}",
            plot[drawing]
        );
    }
    let axes_file = &modules()[&["plot".to_owned(), "axes".to_owned()][..]];
    let axes = fs::read_to_string(axes_file).unwrap();
    for moved in ["fn tick_label", "fn draw_contours", "fn draw_regions"] {
        assert!(!axes.contains(moved), "plot/axes.rs still holds `{moved}`");
    }
}
