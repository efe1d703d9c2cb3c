//! Memory the kernels touch at random: cache-line cells, prefetch hints, and large tables and
//! outputs.
//!
//! No huge pages are asked for (`madvise(MADV_HUGEPAGE)`): where transparent huge pages
//! compact memory on a fault in advised regions (THP `defrag` = `madvise`, a common default),
//! the first touch of advised memory can stall, and it did whenever another program had just
//! used much memory. Measured on the bench's 10M invoices, alternating with DuckDB as the
//! benchmark rounds do: the allocation report's first run in a process 1.4-2.3 s with the
//! advice, 0.50-0.54 s without; its median of three 0.54-0.85 s with, 0.47-0.53 s without
//! (Python's first run 2.4-3.5 s with, 0.74-0.97 s without). The system's own policy (THP
//! `always`) still applies.

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

/// `n` zeroed cache lines, written here (each page faulted in now, in order, not at the
/// kernel's first random touch).
pub(crate) fn zeroed_lines(n: usize) -> Vec<Line> {
    filled(n, Line([0; 8]))
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

/// `n` zero words, written here (as [`zeroed_lines`]).
pub(crate) fn zeroed_words(n: usize) -> Vec<u64> {
    filled(n, 0)
}

/// `n` copies of `value`, each written here in order, also when `value` is zero (`vec!` would
/// then take zeroed memory that is faulted in wherever it is first touched: at random, for a
/// table the kernel reads at random).
pub(crate) fn filled<T: Copy>(n: usize, value: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    v.resize(n, value);
    v
}

/// `n` atomic cells at zero, from zeroed memory the system hands out lazily (calloc): no pass
/// over them here, each page is first touched (and zeroed) by whichever thread writes it, so a
/// large output costs no sequential step before a parallel kernel.
#[allow(unsafe_code)]
pub(crate) fn zeroed_atomics(n: usize) -> Vec<AtomicI64> {
    if std::mem::align_of::<AtomicI64>() != std::mem::align_of::<i64>() {
        return (0..n).map(|_| AtomicI64::new(0)).collect();
    }
    let mut v = std::mem::ManuallyDrop::new(vec![0i64; n]);
    // SAFETY: AtomicI64 has the same size and bit validity as i64 (std documents it) and, checked
    // above, the same alignment, so the allocation's layout is unchanged; every cell is zero, a
    // valid AtomicI64; the vector's ownership moves over whole (the original is never dropped).
    unsafe { Vec::from_raw_parts(v.as_mut_ptr().cast::<AtomicI64>(), v.len(), v.capacity()) }
}

/// `n` 32-bit atomic cells at zero, as [`zeroed_atomics`] (zeroed memory the system hands out
/// lazily): half the memory of 64-bit cells for a table whose
/// entries fit 32 bits.
#[allow(unsafe_code)]
pub(crate) fn zeroed_atomics32(n: usize) -> Vec<AtomicU32> {
    if std::mem::align_of::<AtomicU32>() != std::mem::align_of::<u32>() {
        return (0..n).map(|_| AtomicU32::new(0)).collect();
    }
    let mut v = std::mem::ManuallyDrop::new(vec![0u32; n]);
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
