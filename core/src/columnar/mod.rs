//! The batch machinery every kernel shares, knowing no domain rule: the columns a binding hands
//! over, viewed in place ([`Column`]: Arrow's layouts of integers, decimals, strings,
//! dictionaries and bitmaps), rows split into pieces that free threads take (`split`, `run`),
//! string ids checked once ([`Utf8Ids`]), keys packed into integers ([`pack_key`],
//! [`pack_code`]), string and integer ids interned into dense keys in their sorted order (on
//! all cores), dictionaries shared by chunks keyed once, group tables keyed by them, and memory
//! hints for tables read at random ([`prefetch_at`]), and numbered ids read as
//! integers ([`Numbering`], [`numbered()`]: `INV-000000001` is 1, in the same order).
//!
//! Start with the aging entry that builds on it (`crate::aging::age_batches`: a binding turns
//! its input into [`Column`]s, the kernel decides how to read them) and the kernels below it
//! (`crate::aging::age_sources`, `crate::aging::age_keyed`); the batch schedule and the
//! interest, allocation and worklist kernels use the same pieces.
//!
//! Depends on `error` only. Knows no currency, date or money rule (days are `i32`, amounts
//! integers, codes opaque packed bytes); every domain may use it; it imports no domain.
//!
//! ```
//! use arrears::columnar::{pack_code, pack_key, unpack_key};
//! let (a, b) = (pack_key(b"CUST-1").unwrap(), pack_key(b"CUST-10").unwrap());
//! assert!(a < b);
//! assert_eq!(unpack_key(b), b"CUST-10");
//! assert_eq!(pack_code(b"EUR") >> 8, u32::from_be_bytes([0, b'E', b'U', b'R']));
//! ```

mod codes;
mod column;
pub(crate) mod dicts;
pub(crate) mod groups;
mod ids;
pub(crate) mod intern;
mod keys;
pub(crate) mod memory;
mod minor;
mod nonzero;
mod numbered;
mod numbered_keys;
mod order;
pub(crate) mod pieces;

pub use codes::{dict_codes, short_codes, DictCodesError};
pub(crate) use column::row_str;
pub use column::{Bits, Column, StrRows, Values};
pub use dicts::dense_string_keys;
pub use ids::{BadId, Utf8Ids, Utf8IdsError};
pub(crate) use keys::{hash, unpack_code};
pub use keys::{pack_code, pack_key, pack_key_at, unpack_key, unpack_key_into};
pub use memory::prefetch_at;
pub use minor::MinorUnits;
pub(crate) use minor::{all_fit, min_and_fit};
pub use nonzero::{nonzero_rows, NonZeroRows};
pub use numbered::{numbered, Numbered, Numbering};
pub use numbered_keys::{numbered_keys, NumberedKeys};
pub use order::id_order;
