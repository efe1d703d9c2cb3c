//! Rows split into pieces that free threads take in order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads for a kernel: `threads`, or (0) all cores from 50k rows on (below that, starting
/// threads costs more than it saves); at most 64.
pub(crate) fn worker_threads(threads: usize, total: usize) -> usize {
    match threads {
        0 if total < 50_000 => 1,
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        t => t,
    }
    .clamp(1, 64)
}

#[derive(Clone, Copy)]
pub(crate) struct Piece {
    /// Which source (partition) the rows are in.
    pub(crate) source: usize,
    /// First row, in the source.
    pub(crate) start: usize,
    /// One past the last row, in the source.
    pub(crate) end: usize,
    /// Rows of the sources before this one (row numbers in errors count across sources).
    pub(crate) offset: usize,
}

/// Rows in a piece of work.
pub(crate) const PIECE: usize = 1 << 16;

/// The rows of sources of these lengths in pieces of at most [`PIECE`] rows (none spans two
/// sources), in row order.
pub(crate) fn split(lens: impl IntoIterator<Item = usize>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (si, len) in lens.into_iter().enumerate() {
        let mut start = 0;
        while start < len {
            let end = (start + PIECE).min(len);
            out.push(Piece { source: si, start, end, offset });
            start = end;
        }
        offset += len;
    }
    out
}

/// The pieces not yet taken, taken one at a time and in order by whichever thread is free.
pub(crate) struct Claim<'a> {
    pieces: &'a [Piece],
    next: &'a AtomicUsize,
}

impl<'a> Iterator for Claim<'a> {
    type Item = &'a Piece;
    fn next(&mut self) -> Option<&'a Piece> {
        self.pieces.get(self.next.fetch_add(1, Ordering::Relaxed))
    }
}

/// Runs `f` on `threads` threads (one result each), each taking the next piece left until none
/// is: a thread whose core is slower (on a shared VM one often is, by a fifth) takes fewer
/// pieces rather than holding up the others. The pieces are taken in row order, so every row
/// before a thread's first bad row is read by some thread, and the first bad row of all is
/// still found.
pub(crate) fn run<T: Send, E: Send, F>(pieces: &[Piece], threads: usize, f: F) -> Vec<std::result::Result<T, E>>
where
    F: Fn(Claim<'_>) -> std::result::Result<T, E> + Sync,
{
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, pieces.len().max(1));
    if threads == 1 {
        return vec![f(Claim { pieces, next: &next })];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (f, next) = (&f, &next);
                scope.spawn(move || f(Claim { pieces, next }))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}
