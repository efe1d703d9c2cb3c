//! `a × b / c` beyond what one multiplication holds: a 256-bit product and a long division, for
//! the rare figures whose intermediate product leaves `u128` or a [`Decimal`] (a partial payment
//! of 3·10^14 VND against an invoice of 5·10^14: the product is 1.5·10^29, above a decimal's
//! 7.9·10^28, while the answer is an ordinary amount).

use rust_decimal::Decimal;

/// The 256-bit product `a × b` as `(high, low)` halves.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let m = u128::from(u64::MAX);
    let (a1, a0) = (a >> 64, a & m);
    let (b1, b0) = (b >> 64, b & m);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & m) + (p10 & m);
    let lo = (p00 & m) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// `x × 10`, or `None` beyond 256 bits.
fn times_ten((hi, lo): (u128, u128)) -> Option<(u128, u128)> {
    let (carry, low) = mul_wide(lo, 10);
    Some((hi.checked_mul(10)?.checked_add(carry)?, low))
}

/// Quotient and remainder of a 256-bit `x` by `c`, or `None` when the quotient leaves `u128`
/// (or `c` is 0).
fn div_rem((hi, lo): (u128, u128), c: u128) -> Option<(u128, u128)> {
    if c == 0 || hi >= c {
        return None;
    }
    let (mut q, mut r) = (0u128, hi);
    for bit in (0..128).rev() {
        let carry = r >> 127;
        r = (r << 1) | ((lo >> bit) & 1);
        q <<= 1;
        if carry == 1 || r >= c {
            r = r.wrapping_sub(c);
            q |= 1;
        }
    }
    Some((q, r))
}

/// `a × b / c` rounded down, exact in 256 bits; saturates at `u128::MAX` when the quotient
/// does not fit (callers keep `a < c`, where it always does).
pub(crate) fn mul_div_floor(a: u128, b: u128, c: u128) -> u128 {
    if let Some(p) = a.checked_mul(b) {
        return p / c;
    }
    div_rem(mul_wide(a, b), c).map_or(u128::MAX, |(q, _)| q)
}

/// `a × b / c` for amounts whose product a [`Decimal`] cannot hold. The quotient is exact when
/// it has at most 12 decimals (fewer when its integer part is large); otherwise it is
/// truncated there and carries one more digit, a 1, so that rounding it to fewer decimals,
/// in any mode, gives what rounding the exact quotient gives. `None` when `c` is 0 or the
/// quotient itself is beyond a decimal.
pub(crate) fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Option<Decimal> {
    if let Some(x) = a.checked_mul(b).and_then(|p| p.checked_div(c)) {
        return Some(x);
    }
    if c.is_zero() {
        return None;
    }
    let negative = a.is_sign_negative() ^ b.is_sign_negative() ^ c.is_sign_negative();
    let (ma, mb, mc) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs(), c.mantissa().unsigned_abs());
    // a·b/c = ma·mb/mc · 10^e; at `t` decimals the digits are ma·mb·10^(t+e) / mc.
    let e = i64::from(c.scale()) - i64::from(a.scale()) - i64::from(b.scale());
    let product = mul_wide(ma, mb);
    let at = |t: i64| -> Option<Decimal> {
        let (mut n, mut d) = (product, mc);
        for _ in 0..(t + e).max(0) {
            n = times_ten(n)?;
        }
        for _ in 0..(-(t + e)).max(0) {
            d = d.checked_mul(10)?;
        }
        let (q, r) = div_rem(n, d)?;
        let (digits, scale) = if r == 0 { (q, t) } else { (q.checked_mul(10)?.checked_add(1)?, t + 1) };
        let v = Decimal::try_from_i128_with_scale(i128::try_from(digits).ok()?, u32::try_from(scale).ok()?).ok()?;
        Some(if negative { -v } else { v })
    };
    // the most decimals whose digits still fit
    (0..=12i64).rev().find_map(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn mul_div_floor_is_exact_beyond_u128() {
        let a = 10u128.pow(30);
        let b = 3 * 10u128.pow(29);
        let c = 10u128.pow(31);
        assert_eq!(mul_div_floor(a, b, c), 3 * 10u128.pow(28));
        assert_eq!(mul_div_floor(7, 3, 10), 2);
        assert_eq!(mul_div_floor(u128::MAX / 2, u128::MAX / 2, u128::MAX / 2 + 1), u128::MAX / 2 - 1);
    }

    #[test]
    fn mul_div_beyond_a_decimal_product() {
        // 3e14 × 5e14 / 4.9e14: the product is above a decimal's range
        let v = mul_div(d("300000000000000"), d("500000000000000"), d("490000000000000")).unwrap();
        assert_eq!(v.round_dp(0).to_string(), "306122448979592");
        assert!(v > d("306122448979591.836734693877") && v < d("306122448979591.836734693878"));
        // exact quotients stay exact, signs follow
        assert_eq!(
            mul_div(d("-600000000000000"), d("500000000000000"), d("300000000000000")),
            Some(d("-1000000000000000"))
        );
        // a quotient that ends exactly on a half is not pushed off it, one that does not end is
        let half = mul_div(d("100000000000000.05"), d("1000000000000000"), d("1000000000000000")).unwrap();
        assert_eq!(
            half.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointNearestEven).to_string(),
            "100000000000000.0"
        );
        let third = mul_div(d("1000000000000000"), d("1000000000000000"), d("3000000000000000")).unwrap();
        assert_eq!(third.round_dp(2).to_string(), "333333333333333.33");
        assert_eq!(mul_div(d("1"), d("1"), Decimal::ZERO), None);
    }
}
