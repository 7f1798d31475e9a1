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

/// The size of a large page (x86-64 Linux).
const HUGE_PAGE: usize = 1 << 21;

/// A buffer that starts on a 2 MB boundary and fills whole 2 MB pages, so that Linux can back
/// all of it with large pages (see [`copy_to_huge_pages`]).
pub(crate) type HugePageVec<T> = aligned_vec::AVec<T, aligned_vec::ConstAlign<HUGE_PAGE>>;

/// A copy of `values` in memory backed by 2 MB pages where Linux allows it. Aligned to a page
/// and rounded up to whole pages (at most 2 MB more), so that all of it can be: Linux backs
/// only whole 2 MB pages of an advised range, so an ordinary allocation of a few megabytes gets
/// one large page or none, depending on where it starts. (The 10,000-row SGD benchmark, whose
/// rows are read at random, took 5.3 s in one build and 6.8 s in another, with 6 MB less
/// resident memory in the slow one; with whole pages, 5.4 to 5.6 s in every build.)
pub(crate) fn copy_to_huge_pages<T: Copy>(values: &[T]) -> HugePageVec<T> {
    let size = std::mem::size_of_val(values).next_multiple_of(HUGE_PAGE);
    let mut copy =
        HugePageVec::<T>::with_capacity(HUGE_PAGE, size / std::mem::size_of::<T>().max(1));
    #[cfg(target_os = "linux")]
    if size > 0 {
        // SAFETY: advice on whole pages of `copy`'s allocation, before any is touched; it changes
        // no contents, and a kernel that ignores it leaves ordinary pages.
        unsafe { libc::madvise(copy.as_mut_ptr().cast(), size, libc::MADV_HUGEPAGE) };
    }
    for &value in values {
        copy.push(value);
    }
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
        let copy = copy_to_huge_pages(&values);
        assert_eq!(&copy[..], &values[..]);
        assert_eq!(copy.as_ptr() as usize % HUGE_PAGE, 0);
        assert!(copy_to_huge_pages::<u8>(&[]).is_empty());
    }
}
