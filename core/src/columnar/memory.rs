//! Memory the kernels touch at random: cache-line cells, prefetch hints, and tables backed by
//! huge pages.

use std::sync::atomic::{AtomicI64, AtomicU32};

/// Rows looked ahead: the cache line a row will add to is requested this many rows early.
pub(crate) const AHEAD: usize = 16;

/// Asks the CPU to bring `items[i]` into the cache (a hint, for a source's `prefetch_customer`):
/// nothing is read into the program, and an index out of range does nothing.
///
/// ```
/// let map = vec![7u32; 1000];
/// arrears::columnar::prefetch_at(&map, 500);
/// arrears::columnar::prefetch_at(&map, 5000); // out of range: no effect
/// ```
#[inline(always)]
pub fn prefetch_at<T>(items: &[T], i: usize) {
    if i < items.len() {
        prefetch(items.as_ptr() as usize + i * std::mem::size_of::<T>());
    }
}

/// Asks the kernel to back a large table with huge pages (Linux, where transparent huge pages
/// are often on for `madvise`d memory only). The kernels read their tables at random: with 4 KiB
/// pages nearly every read would also miss the TLB; and a large output written once faults in a
/// 2 MiB page at a time instead of 4 KiB (a fraction of the kernel time per byte). Call it before
/// the memory is first written (a vector from `vec![0; n]` is not yet touched); below 4 MiB, or
/// off Linux, it does nothing.
///
/// ```
/// let mut amounts = vec![0i64; 10_000_000];
/// arrears::columnar::advise_huge(&amounts);
/// amounts.iter_mut().enumerate().for_each(|(i, a)| *a = i as i64);
/// assert_eq!(amounts[9_999_999], 9_999_999);
/// ```
#[allow(unsafe_code)]
pub fn advise_huge<T>(v: &[T]) {
    #[cfg(target_os = "linux")]
    {
        let bytes = std::mem::size_of_val(v);
        if bytes < 4 << 20 {
            return;
        }
        const PAGE: usize = 4096;
        const MADV_HUGEPAGE: i32 = 14;
        let start = (v.as_ptr() as usize).div_ceil(PAGE) * PAGE;
        let end = (v.as_ptr() as usize + bytes) / PAGE * PAGE;
        extern "C" {
            fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
        }
        // SAFETY: madvise with MADV_HUGEPAGE is advice on whole pages inside memory this slice
        // owns; it changes neither the contents nor the validity of the memory, and a failure
        // (an old kernel, THP off) leaves everything as it was.
        unsafe {
            madvise(start as *mut std::ffi::c_void, end.saturating_sub(start), MADV_HUGEPAGE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

/// `n` zeroed cache lines, backed by huge pages where the system gives them for the asking
/// ([`advise_huge`] before the first write).
pub(crate) fn zeroed_lines(n: usize) -> Vec<Line> {
    let mut v: Vec<Line> = Vec::with_capacity(n);
    advise_huge(v.spare_capacity_mut());
    v.resize(n, Line([0; 8]));
    v
}

/// Asks for the cache line at `addr` (a hint: never faults, whatever the address).
#[inline(always)]
#[allow(unsafe_code)]
pub(crate) fn prefetch(addr: usize) {
    // SAFETY: a prefetch is a hint; it reads nothing into the program and never faults, for
    // any address. SSE is part of the x86_64 baseline.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(addr as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = addr;
}

/// Prefetches the cache line at `addr` and, when `last > 0`, the line `last` lines after it: a
/// record of several lines whose first and last are written (the aging kernel's cells and owner
/// tag when a customer takes two lines; without the second, every row waited for it).
#[inline(always)]
pub(crate) fn prefetch_lines(addr: usize, last: usize) {
    prefetch(addr);
    if last > 0 {
        prefetch(addr.wrapping_add(last * 64));
    }
}

/// Eight cells on one cache line.
#[derive(Clone, Copy)]
#[repr(align(64))]
pub(crate) struct Line(pub(crate) [i64; 8]);

/// `n` zero words, on huge pages where the system gives them (as [`zeroed_lines`]).
pub(crate) fn zeroed_words(n: usize) -> Vec<u64> {
    let mut v: Vec<u64> = Vec::with_capacity(n);
    advise_huge(v.spare_capacity_mut());
    v.resize(n, 0);
    v
}

/// `n` copies of `value`, on huge pages where the system gives them (as [`zeroed_lines`]): for
/// the large outputs of a kernel, written once in row order.
pub(crate) fn filled<T: Copy>(n: usize, value: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    advise_huge(v.spare_capacity_mut());
    v.resize(n, value);
    v
}

/// `n` atomic cells at zero, from zeroed memory the system hands out lazily (calloc): no pass
/// over them here, each page is first touched (and zeroed) by whichever thread writes it, so a
/// large output costs no sequential step before a parallel kernel. Huge pages where the system
/// gives them ([`advise_huge`]).
#[allow(unsafe_code)]
pub(crate) fn zeroed_atomics(n: usize) -> Vec<AtomicI64> {
    if std::mem::align_of::<AtomicI64>() != std::mem::align_of::<i64>() {
        return (0..n).map(|_| AtomicI64::new(0)).collect();
    }
    let mut v = std::mem::ManuallyDrop::new(vec![0i64; n]);
    advise_huge(&v[..]);
    // SAFETY: AtomicI64 has the same size and bit validity as i64 (std documents it) and, checked
    // above, the same alignment, so the allocation's layout is unchanged; every cell is zero, a
    // valid AtomicI64; the vector's ownership moves over whole (the original is never dropped).
    unsafe { Vec::from_raw_parts(v.as_mut_ptr().cast::<AtomicI64>(), v.len(), v.capacity()) }
}

/// `n` 32-bit atomic cells at zero, as [`zeroed_atomics`] (zeroed memory the system hands out
/// lazily, huge pages where it gives them): half the memory of 64-bit cells for a table whose
/// entries fit 32 bits.
#[allow(unsafe_code)]
pub(crate) fn zeroed_atomics32(n: usize) -> Vec<AtomicU32> {
    if std::mem::align_of::<AtomicU32>() != std::mem::align_of::<u32>() {
        return (0..n).map(|_| AtomicU32::new(0)).collect();
    }
    let mut v = std::mem::ManuallyDrop::new(vec![0u32; n]);
    advise_huge(&v[..]);
    // SAFETY: as in zeroed_atomics: AtomicU32 has the size and bit validity of u32 and (checked
    // above) its alignment; every cell is zero, a valid AtomicU32; ownership moves over whole.
    unsafe { Vec::from_raw_parts(v.as_mut_ptr().cast::<AtomicU32>(), v.len(), v.capacity()) }
}

/// The values of atomic cells, without a pass over them (the vector is taken over whole where
/// the layouts agree, as in [`zeroed_atomics`]).
#[allow(unsafe_code)]
pub(crate) fn atomic_values(v: Vec<AtomicI64>) -> Vec<i64> {
    if std::mem::align_of::<AtomicI64>() != std::mem::align_of::<i64>() {
        return v.into_iter().map(AtomicI64::into_inner).collect();
    }
    let mut v = std::mem::ManuallyDrop::new(v);
    // SAFETY: the same size, bit validity and (checked above) alignment, so the allocation's
    // layout is unchanged; the vector is owned, so no other reference to a cell remains.
    unsafe { Vec::from_raw_parts(v.as_mut_ptr().cast::<i64>(), v.len(), v.capacity()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    #[test]
    fn zeroed_atomics_are_zero_and_writable() {
        let v = zeroed_atomics(1 << 20);
        assert!(v.iter().all(|a| a.load(Ordering::Relaxed) == 0));
        v[12345].store(7, Ordering::Relaxed);
        let back = atomic_values(v);
        assert_eq!((back[12345], back.iter().sum::<i64>(), back.len()), (7, 7, 1 << 20));
        assert!(zeroed_atomics(0).is_empty());
        let w = zeroed_atomics32(1 << 20);
        w[99].store(5, Ordering::Relaxed);
        assert_eq!(w.iter().map(|a| u64::from(a.load(Ordering::Relaxed))).sum::<u64>(), 5);
        assert!(zeroed_atomics32(0).is_empty());
    }
}
