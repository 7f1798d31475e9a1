//! Tick and level labels, as matplotlib prints them: short numbers ([`tick_label`]), and the
//! same number of decimals along one axis or colorbar ([`decimals`], [`fixed`]). Used by the
//! axes of a `Plot`, the colorbar of a `MatShow` and the labels of contour lines.

/// How many decimals the tick labels of an axis need so that all show the same number.
pub(crate) fn decimals(ticks: &[f64]) -> usize {
    ticks
        .iter()
        .map(|&v| tick_label(v).split('.').nth(1).map_or(0, str::len))
        .max()
        .unwrap_or(0)
}

/// `value` with `decimals` decimals, without a minus sign on zero.
pub(crate) fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// A tick or level label: the value with at most 10 decimals, no trailing zeros.
pub(crate) fn tick_label(value: f64) -> String {
    if value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    let text = format!("{:.10}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick_label(0.30000000000000004), "0.3");
        assert_eq!(tick_label(-50000.0), "-50000");
        assert_eq!(tick_label(-0.0), "0");
        assert_eq!(tick_label(1e-3), "0.001");
        assert_eq!(decimals(&[0.0, 0.2, 0.4, 1.0]), 1);
        assert_eq!(fixed(1.0, 1), "1.0");
        assert_eq!(fixed(-0.0001, 2), "0.00");
    }
}
