#![allow(missing_docs)]
//! TEMPORARY STUB of the lead's numbered.rs (replaced on merge of main).
use super::Utf8Ids;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Numbering {
    prefix: [u8; 16],
    plen: u8,
    width: u8,
}

impl Numbering {
    pub fn of(id: &[u8]) -> Option<Numbering> {
        let d = id.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let p = id.len() - d;
        if d == 0 || d > 19 || p > 16 {
            return None;
        }
        let mut prefix = [0u8; 16];
        prefix[..p].copy_from_slice(&id[..p]);
        Some(Numbering { prefix, plen: p as u8, width: d as u8 })
    }
    #[inline]
    pub fn number(&self, id: &[u8]) -> Option<u64> {
        let p = self.plen as usize;
        if id.len() != p + self.width as usize || id[..p] != self.prefix[..p] {
            return None;
        }
        let mut n = 0u64;
        for &b in &id[p..] {
            if !b.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u64::from(b - b'0');
        }
        Some(n)
    }
    pub fn write_id(&self, n: u64, out: &mut Vec<u8>) {
        out.extend_from_slice(self.prefix());
        let s = format!("{:0w$}", n, w = self.width as usize);
        out.extend_from_slice(s.as_bytes());
    }
    pub fn prefix(&self) -> &[u8] {
        &self.prefix[..self.plen as usize]
    }
    pub fn width(&self) -> usize {
        self.width as usize
    }
    pub fn is_utf8(&self) -> bool {
        std::str::from_utf8(self.prefix()).is_ok()
    }
}

pub struct Numbered {
    pub numbering: Numbering,
    pub numbers: Vec<u64>,
    pub min: u64,
    pub max: u64,
}

pub fn numbered(ids: &Utf8Ids<'_>, like: Option<Numbering>, _threads: usize) -> Option<Numbered> {
    let mut numbering = like;
    let mut numbers = Vec::with_capacity(ids.len());
    let (mut min, mut max) = (u64::MAX, 0u64);
    for i in 0..ids.len() {
        if !ids.is_valid(i) {
            numbers.push(u64::MAX);
            continue;
        }
        let id = ids.get(i);
        if numbering.is_none() {
            numbering = Some(Numbering::of(id)?);
        }
        let n = numbering?.number(id)?;
        min = min.min(n);
        max = max.max(n);
        numbers.push(n);
    }
    Some(Numbered { numbering: numbering?, numbers, min, max })
}
