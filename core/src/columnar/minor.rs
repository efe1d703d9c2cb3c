//! Amount columns read at the width the caller holds them: `i64` minor units, or `i128` as
//! Arrow's `decimal128` stores them, with no copy narrowing one into the other. A kernel checks
//! once that every value fits 64 bits ([`MinorUnits::fits`], in a pass it makes anyway) and then
//! reads each as `i64` ([`MinorUnits::low`]); for `i64` columns the check compiles away.

mod sealed {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for i128 {}
}

/// An integer type an amount column holds: `i64`, or `i128` (as Arrow's `decimal128` stores
/// amounts), or `i32` (so that a literal array such as `&[100, 50]` is an amount column as it
/// stands). Sealed.
///
/// ```
/// use arrears::columnar::MinorUnits;
/// assert!(12_345i128.fits() && 12_345i128.low() == 12_345);
/// assert!(!(i128::from(i64::MAX) + 1).fits());
/// assert!(i64::MIN.fits());
/// assert_eq!((-5i32).low(), -5);
/// ```
pub trait MinorUnits: Copy + Default + Send + Sync + Into<i128> + sealed::Sealed + std::fmt::Debug + 'static {
    /// Whether values of this type may not fit 64 bits (`i128`).
    const WIDE: bool;
    /// Whether the value fits 64 bits.
    fn fits(self) -> bool;
    /// The value as 64 bits (exact when it [fits](MinorUnits::fits), its low bits otherwise).
    fn low(self) -> i64;
}

impl MinorUnits for i32 {
    const WIDE: bool = false;
    #[inline(always)]
    fn fits(self) -> bool {
        true
    }
    #[inline(always)]
    fn low(self) -> i64 {
        i64::from(self)
    }
}

impl MinorUnits for i64 {
    const WIDE: bool = false;
    #[inline(always)]
    fn fits(self) -> bool {
        true
    }
    #[inline(always)]
    fn low(self) -> i64 {
        self
    }
}

impl MinorUnits for i128 {
    const WIDE: bool = true;
    #[inline(always)]
    fn fits(self) -> bool {
        self == i128::from(self as i64)
    }
    #[inline(always)]
    fn low(self) -> i64 {
        self as i64
    }
}

/// Whether every value of `v` fits 64 bits (one pass, no branch a value: vectorised).
#[inline]
pub(crate) fn all_fit<T: MinorUnits>(v: &[T]) -> bool {
    v.iter().fold(true, |ok, &x| ok & x.fits())
}

/// The lowest value of `v` (as 64 bits) and whether every value fits 64 bits, in one pass.
#[inline]
pub(crate) fn min_and_fit<T: MinorUnits>(v: &[T]) -> (i64, bool) {
    v.iter().fold((i64::MAX, true), |(m, ok), &x| (m.min(x.low()), ok & x.fits()))
}
