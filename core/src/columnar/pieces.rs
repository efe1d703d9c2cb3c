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

/// Runs `f(start, chunk)` on `out` cut into `threads` contiguous chunks (`start`: the chunk's
/// first index), one scoped thread a chunk (on the calling thread when `threads` is 1), and
/// returns each chunk's result in order. For passes that write every entry of one output in
/// place; a panic in `f` is raised again here.
pub(crate) fn in_chunks<T: Send, R: Send, F>(out: &mut [T], threads: usize, f: F) -> Vec<R>
where
    F: Fn(usize, &mut [T]) -> R + Sync,
{
    let per = out.len().div_ceil(threads.max(1)).max(1);
    if threads <= 1 || out.len() <= per {
        return vec![f(0, out)];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = out
            .chunks_mut(per)
            .enumerate()
            .map(|(c, chunk)| {
                let f = &f;
                scope.spawn(move || f(c * per, chunk))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Runs `f(start, end, rows)` on `out` cut into pieces of [`PIECE`] entries, which free threads
/// take in order ([`run`]); `rows` is `out[start..end]`, written by the one thread that took it.
pub(crate) fn fill_pieces<T: Send, F>(out: &mut [T], threads: usize, f: F)
where
    F: Fn(usize, usize, &mut [T]) + Sync,
{
    let pieces = split([out.len()]);
    let slots: Vec<std::sync::Mutex<Option<&mut [T]>>> =
        out.chunks_mut(PIECE).map(|c| std::sync::Mutex::new(Some(c))).collect();
    run(&pieces, threads, |claim| {
        for piece in claim {
            if let Some(dst) = slots[piece.start / PIECE].lock().map(|mut s| s.take()).unwrap_or(None) {
                f(piece.start, piece.end, dst);
            }
        }
        Ok::<(), ()>(())
    });
}
