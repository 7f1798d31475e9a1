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
/// all of it with large pages (see [`huge_page_buffer`]).
pub(crate) type HugePageVec<T> = aligned_vec::AVec<T, aligned_vec::ConstAlign<HUGE_PAGE>>;

/// An empty buffer with room for `capacity` values, in memory backed by 2 MB pages where Linux
/// allows it. Aligned to a page and rounded up to whole pages (at most 2 MB more), so that all of
/// it can be: Linux backs only whole 2 MB pages of an advised range, so an ordinary allocation of
/// a few megabytes gets one large page or none, depending on where it starts. (The 10,000-row SGD
/// benchmark, whose rows are read at random, took 5.3 s in one build and 6.8 s in another, with
/// 6 MB less resident memory in the slow one; with whole pages, 5.4 to 5.6 s in every build.)
///
/// Only the pages written to are ever backed by memory: room asked for and never used costs
/// address space, not memory. So a buffer is written where it is to stay, not copied there:
/// memory a process touches for the first time can cost far more than writing it (8 ms a
/// megabyte, against 0.1 ms for memory the process had used before, on the 2-core virtual machine
/// of 2026-12-08, whose host takes back freed memory within seconds).
pub(crate) fn huge_page_buffer<T>(capacity: usize) -> HugePageVec<T> {
    let size = (capacity * std::mem::size_of::<T>()).next_multiple_of(HUGE_PAGE);
    let mut buffer =
        HugePageVec::<T>::with_capacity(HUGE_PAGE, size / std::mem::size_of::<T>().max(1));
    #[cfg(target_os = "linux")]
    if size > 0 {
        // SAFETY: advice on whole pages of `buffer`'s allocation, before any is touched; it
        // changes no contents, and a kernel that ignores it leaves ordinary pages.
        unsafe { libc::madvise(buffer.as_mut_ptr().cast(), size, libc::MADV_HUGEPAGE) };
    }
    buffer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_hold_zeros_or_what_is_written() {
        let zeros: Vec<f64> = zeroed_with_huge_pages(3 << 20);
        assert!(zeros.iter().all(|&z| z == 0.0));
        let mut buffer = huge_page_buffer::<u16>(5000);
        assert!(buffer.is_empty() && buffer.capacity() >= HUGE_PAGE / 2);
        assert_eq!(buffer.as_ptr() as usize % HUGE_PAGE, 0);
        buffer.push(7);
        buffer.push(8);
        assert_eq!(&buffer[..], &[7, 8]);
        assert_eq!(huge_page_buffer::<u8>(0).capacity(), 0);
    }
}
