//! E-invoicing forms of payment terms.
