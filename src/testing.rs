//! What the unit tests share.

/// A fixed linear congruential sequence of numbers from `seed`: tests that compare two computations over generated
/// texts get the same texts every run.
pub(crate) fn sequence(seed: u64) -> impl FnMut() -> usize {
    let mut state = seed;
    move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize
    }
}

/// A text of fewer than `max` of `pieces`, drawn by `next` (how many first, then each piece).
pub(crate) fn text_of(next: &mut impl FnMut() -> usize, pieces: &[&str], max: usize) -> String {
    (0..next() % max).map(|_| pieces[next() % pieces.len()]).collect()
}
