//! Large buffers backed by 2 MB pages where Linux allows it: faulting in gigabytes 4 KB at a
//! time costs more than writing them, and randomly read buffers of tens of megabytes miss the
//! TLB on nearly every row with small pages.

/// `len` zeros, in memory that Linux is asked (`madvise(MADV_HUGEPAGE)`) to back with 2 MB
/// pages; elsewhere, or when the kernel declines, ordinary memory.
pub(crate) fn zeroed_with_huge_pages<T: Copy + Default>(len: usize) -> Vec<T> {
    // Untouched until written: a large zeroed allocation is fresh pages from the kernel.
    let buffer = vec![T::default(); len];
    #[cfg(target_os = "linux")]
    {
        const HUGE_PAGE: usize = 1 << 21;
        let start = buffer.as_ptr() as usize;
        let (first, end) = (
            start.next_multiple_of(HUGE_PAGE),
            (start + std::mem::size_of_val(buffer.as_slice())) & !(HUGE_PAGE - 1),
        );
        if end > first {
            // SAFETY: advice on whole pages inside `buffer`'s allocation; it changes no contents,
            // and a kernel that ignores it leaves ordinary pages.
            unsafe { libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE) };
        }
    }
    buffer
}

/// A copy of `values` in memory backed by 2 MB pages where possible (see
/// [`zeroed_with_huge_pages`]).
pub(crate) fn copy_to_huge_pages<T: Copy + Default>(values: &[T]) -> Vec<T> {
    let mut copy = zeroed_with_huge_pages(values.len());
    copy.copy_from_slice(values);
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_hold_zeros_then_copies() {
        let zeros: Vec<f64> = zeroed_with_huge_pages(3 << 20);
        assert!(zeros.iter().all(|&z| z == 0.0));
        let values: Vec<u16> = (0..5000).collect();
        assert_eq!(copy_to_huge_pages(&values), values);
    }
}
