//! The tagger's weights, their compact binary file format, and constrained Viterbi decoding over BIO tags.
//!
//! File format (little-endian), the layout [`Weights`] tags with, so that a model built into the library is read
//! in place: magic `ACNER03\0`; u32 hash bits; u32 tag count T; f32 scale; T×T f32 transitions then T f32 start
//! scores (already divided by scale); u32 row count n; zeros up to a multiple of 16 bytes; then the three tables of
//! [`Weights`]: `2^bits / 64` u64 words of the bitmap of non-empty buckets, as many u32 running row counts, zeros
//! up to a multiple of 16 bytes, and n rows of [`LANES`] i16 emission weights (weight = i16 × scale; the lanes
//! after T are zero).

use crate::model::Label;

/// Entity types, in tag order.
pub(crate) const ENTITY_TYPES: [Label; 3] = [Label::Person, Label::Org, Label::Location];
/// BILOU (`true`) or BIO tags. BIO is kept: on the dev splits BILOU was no better for English and
/// 1.5 points worse for Indonesian with this perceptron.
const BILOU: bool = false;
/// Tags per entity type.
const PARTS: usize = if BILOU { 4 } else { 2 };
/// Number of tags: O, then the parts of each entity type in `ENTITY_TYPES` order.
pub(crate) const N_TAGS: usize = 1 + PARTS * ENTITY_TYPES.len();

const MAGIC: &[u8; 8] = b"ACNER03\0";

/// Position of a tag inside an entity.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// The part and type index of tag `t` (`None` for O).
pub(crate) fn tag_parts(t: usize) -> Option<(Part, usize)> {
    if t == 0 || t >= N_TAGS {
        return None;
    }
    let part = match (t - 1) % PARTS {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((part, (t - 1) / PARTS))
}

/// The tag id of a part of an entity of type `ty`.
pub(crate) fn tag_id(part: Part, ty: usize) -> usize {
    1 + PARTS * ty
        + match (part, BILOU) {
            (Part::Begin, _) | (Part::Unit, false) => 0,
            (Part::Inside, _) | (Part::Last, false) => 1,
            (Part::Last, true) => 2,
            (Part::Unit, true) => 3,
        }
}

/// Whether `to` may follow `from` (`None` = sentence start) in a well-formed tag sequence.
pub(crate) fn allowed(from: Option<usize>, to: usize) -> bool {
    let open = from.and_then(tag_parts).filter(|(p, _)| matches!(p, Part::Begin | Part::Inside));
    match (open, tag_parts(to)) {
        (Some((_, fty)), Some((Part::Inside | Part::Last, ty))) => fty == ty,
        (Some(_), _) => !BILOU,
        (None, Some((Part::Inside | Part::Last, _))) => false,
        (None, _) => true,
    }
}

/// Whether a sentence may end on tag `t`.
pub(crate) fn can_end(t: usize) -> bool {
    !BILOU || !matches!(tag_parts(t), Some((Part::Begin | Part::Inside, _)))
}

/// Tags of entity spans `(first, last + 1, type)` over `n` tokens.
pub(crate) fn tags_of(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut tags = vec![0; n];
    for &(s, e, ty) in spans {
        if e <= s || e > n {
            continue;
        }
        if e - s == 1 {
            tags[s] = tag_id(Part::Unit, ty);
        } else {
            tags[s] = tag_id(Part::Begin, ty);
            for t in &mut tags[s + 1..e - 1] {
                *t = tag_id(Part::Inside, ty);
            }
            tags[e - 1] = tag_id(Part::Last, ty);
        }
    }
    tags
}

/// Lanes of a stored row and of score sums: the tags padded with zeros to eight, so that a row is 16 aligned
/// bytes, never split over two cache lines, and sums are whole vector registers.
pub(crate) const LANES: usize = 8;

/// Summed emission weights of a token: the tags' in the first `N_TAGS` lanes, zeros after them.
pub(crate) type LaneScores = [i32; LANES];

/// Quantised weights as loaded for tagging.
///
/// The emission table is sparse (most of its `2^bits` buckets are empty): the rows that have weights are stored
/// packed, in bucket order, and found through a bitmap of non-empty buckets with a running count per 64 buckets.
/// The bitmap is small enough to stay in cache and the packed rows are a third to a half of the dense table, so
/// fewer reads go to memory, which is what tagging waits on.
pub(crate) struct Weights {
    pub(crate) bits: u32,
    /// One bit per bucket: whether its row has any weight.
    nonzero: Table<u64>,
    /// Rows of the buckets before each 64-bucket word of `nonzero`.
    rank: Table<u32>,
    /// The non-empty rows, in bucket order, padded to [`LANES`].
    rows: Table<[i16; LANES]>,
    pub(crate) transitions: [[f32; N_TAGS]; N_TAGS],
    pub(crate) start: [f32; N_TAGS],
}

/// A table of [`Weights`]: built (by training, or from a file's bytes), or read in place from a model file built
/// into the library, whose pages the system shares between processes and never needs to clear or copy.
enum Table<T: 'static> {
    Built(Vec<T>),
    InPlace(&'static [T]),
}

impl<T> std::ops::Deref for Table<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            Table::Built(v) => v,
            Table::InPlace(s) => s,
        }
    }
}

/// Bytes of a model file, aligned so that its tables can be read in place (see [`Weights::in_place`]).
#[repr(C, align(16))]
pub(crate) struct Aligned<B: ?Sized>(pub(crate) B);

/// What the header of a model file says: hash bits, transitions, start scores, row count, and where its tables
/// lie.
struct Header {
    bits: u32,
    transitions: [[f32; N_TAGS]; N_TAGS],
    start: [f32; N_TAGS],
    rows: usize,
    at: Layout,
}

/// Where the sections of a model file begin: the bitmap, the running counts (which end at `rank_end`) and the
/// rows, and its length.
struct Layout {
    nonzero: usize,
    rank: usize,
    rank_end: usize,
    rows: usize,
    len: usize,
}

impl Layout {
    /// The bytes before the tables: magic, bits, tag count, scale, transitions, start scores, row count.
    const HEADER: usize = 8 + 4 + 4 + 4 + 4 * N_TAGS * N_TAGS + 4 * N_TAGS + 4;

    fn new(bits: u32, rows: usize) -> Option<Layout> {
        let words = (1usize << bits) / 64;
        let nonzero = Layout::HEADER.next_multiple_of(16);
        let rank = nonzero + 8 * words;
        let rank_end = rank + 4 * words;
        let rows_at = rank_end.next_multiple_of(16);
        let len = rows.checked_mul(2 * LANES)?.checked_add(rows_at)?;
        Some(Layout { nonzero, rank, rank_end, rows: rows_at, len })
    }

    /// The bytes of the bitmap, of the running counts and of the rows in `file` (whose length `header` checked).
    fn sections<'b>(&self, file: &'b [u8]) -> (&'b [u8], &'b [u8], &'b [u8]) {
        (&file[self.nonzero..self.rank], &file[self.rank..self.rank_end], &file[self.rows..])
    }
}

/// Packs rows given in increasing bucket order into [`Weights`]' layout.
struct Packer {
    bits: u32,
    nonzero: Vec<u64>,
    rank: Vec<u32>,
    rows: Vec<[i16; LANES]>,
    /// The first word of `nonzero` whose running count is not set yet.
    next_word: usize,
}

impl Packer {
    fn new(bits: u32, rows: usize) -> Packer {
        let words = (1usize << bits).div_ceil(64);
        Packer { bits, nonzero: vec![0; words], rank: vec![0; words], rows: Vec::with_capacity(rows), next_word: 0 }
    }

    /// Add the row of `bucket`, which is above every bucket pushed before and below `2^bits`; a row of zeros is
    /// left out.
    fn push(&mut self, bucket: usize, row: [i16; N_TAGS]) {
        if bucket >= 1 << self.bits || row.iter().all(|&v| v == 0) {
            return;
        }
        // The words of the bitmap up to this bucket's start counting from here.
        while self.next_word <= bucket / 64 {
            self.rank[self.next_word] = self.rows.len() as u32;
            self.next_word += 1;
        }
        self.nonzero[bucket / 64] |= 1 << (bucket % 64);
        let mut r = [0i16; LANES];
        r[..N_TAGS].copy_from_slice(&row);
        self.rows.push(r);
    }

    fn finish(mut self, transitions: [[f32; N_TAGS]; N_TAGS], start: [f32; N_TAGS]) -> Weights {
        for r in &mut self.rank[self.next_word..] {
            *r = self.rows.len() as u32;
        }
        Weights {
            bits: self.bits,
            nonzero: Table::Built(self.nonzero),
            rank: Table::Built(self.rank),
            rows: Table::Built(self.rows),
            transitions,
            start,
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

impl Weights {
    /// Weights from a dense `2^bits × N_TAGS` emission table.
    pub(crate) fn new(
        bits: u32,
        emission: Vec<i16>,
        transitions: [[f32; N_TAGS]; N_TAGS],
        start: [f32; N_TAGS],
    ) -> Weights {
        // The buckets come in increasing order, as the packer takes them.
        let mut packer = Packer::new(bits, 0);
        for (bucket, row) in emission.chunks_exact(N_TAGS).take(1 << bits).enumerate() {
            if let Ok(row) = row.try_into() {
                packer.push(bucket, row);
            }
        }
        packer.finish(transitions, start)
    }

    /// Weights from the rows of some buckets (below `2^bits`), in any order; the last row given for a bucket is
    /// its row, and rows of zeros are left out. (What the packer's layout is checked against.)
    #[cfg(test)]
    fn from_rows(
        bits: u32,
        mut given: Vec<(u32, [i16; N_TAGS])>,
        transitions: [[f32; N_TAGS]; N_TAGS],
        start: [f32; N_TAGS],
    ) -> Weights {
        // Stable, so that the rows of one bucket stay in the order given.
        given.sort_by_key(|&(bucket, _)| bucket);
        let mut packer = Packer::new(bits, given.len());
        for (k, &(bucket, row)) in given.iter().enumerate() {
            let last = given.get(k + 1).is_none_or(|&(b, _)| b != bucket);
            if last {
                packer.push(bucket as usize, row);
            }
        }
        packer.finish(transitions, start)
    }

    /// Whether any feature has a weight.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The weights of bucket `bucket`, if it has any.
    #[cfg(test)]
    fn row(&self, bucket: usize) -> Option<&[i16; LANES]> {
        self.rows.get(self.row_of_bucket(bucket)? as usize)
    }

    #[inline]
    fn row_of_bucket(&self, bucket: usize) -> Option<u32> {
        let word = *self.nonzero.get(bucket / 64)?;
        let bit = 1u64 << (bucket % 64);
        if word & bit == 0 {
            return None;
        }
        Some(*self.rank.get(bucket / 64)? + (word & (bit - 1)).count_ones())
    }

    /// The packed row of feature `h`, if it has weights (read it with [`Weights::add_row`]).
    #[inline]
    pub(crate) fn row_of(&self, h: u64) -> Option<u32> {
        self.row_of_bucket((h >> (64 - self.bits)) as usize)
    }

    /// Add the weights of packed row `k` to `acc`.
    #[inline]
    pub(crate) fn add_row(&self, k: u32, acc: &mut LaneScores) {
        if let Some(row) = self.rows.get(k as usize) {
            add_lanes(acc, row);
        }
    }

    /// Ask the processor to start reading packed row `k`; summing rows is bound by waiting on such reads.
    #[inline]
    pub(crate) fn prefetch(&self, k: u32) {
        // The line of the row's first byte alone, without counting lines (the hot loop calls this per feature): a
        // row is 16 bytes, in a table of megabytes whose start is aligned, so it lies within one line.
        if let Some(row) = self.rows.get(k as usize) {
            prefetch_line(row.as_ptr().cast());
        }
    }

    /// The header of a model file; `None` if it is malformed (a wrong magic, tag count or length).
    fn header(b: &[u8]) -> Option<Header> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return None;
        }
        let bits = r.u32()?;
        if !(10..=24).contains(&bits) || r.u32()? as usize != N_TAGS {
            return None;
        }
        let _scale = r.f32()?; // emissions and transitions are both in its units, so decoding never needs it
        let mut transitions = [[0f32; N_TAGS]; N_TAGS];
        for row in &mut transitions {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let mut start = [0f32; N_TAGS];
        for v in &mut start {
            *v = r.f32()?;
        }
        let n = r.u32()? as usize;
        let at = Layout::new(bits, n)?;
        (b.len() == at.len).then_some(Header { bits, transitions, start, rows: n, at })
    }

    /// Whether the tables are consistent: each running count is the number of rows before its word, and the
    /// bitmap counts `rows` rows in all (so that every bucket marked non-empty has a row).
    fn consistent(nonzero: &[u64], rank: &[u32], rows: usize) -> bool {
        let mut before = 0usize;
        for (&word, &count) in nonzero.iter().zip(rank) {
            if count as usize != before {
                return false;
            }
            before += word.count_ones() as usize;
        }
        before == rows
    }

    /// Parse a model file, copying its tables; `None` if it is malformed.
    pub(crate) fn from_bytes(b: &[u8]) -> Option<Weights> {
        let Header { bits, transitions, start, rows: n, at } = Weights::header(b)?;
        let (nonzero, rank, rows) = at.sections(b);
        let nonzero: Vec<u64> =
            nonzero.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())).collect();
        let rank: Vec<u32> =
            rank.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default())).collect();
        let rows: Vec<[i16; LANES]> = rows
            .chunks_exact(2 * LANES)
            .map(|c| std::array::from_fn(|k| i16::from_le_bytes([c[2 * k], c[2 * k + 1]])))
            .collect();
        if !Weights::consistent(&nonzero, &rank, n) {
            return None;
        }
        let (nonzero, rank, rows) = (Table::Built(nonzero), Table::Built(rank), Table::Built(rows));
        Some(Weights { bits, nonzero, rank, rows, transitions, start })
    }

    /// A model file built into the library, its tables read in place where they lie (aligned, on a little-endian
    /// machine), else copied; `None` if it is malformed.
    pub(crate) fn in_place(file: &'static Aligned<[u8]>) -> Option<Weights> {
        let b = &file.0;
        let Header { bits, transitions, start, rows: n, at } = Weights::header(b)?;
        if cfg!(target_endian = "big") {
            return Weights::from_bytes(b);
        }
        let (nonzero, rank, rows) = at.sections(b);
        let nonzero: &'static [u64] = bytemuck::try_cast_slice(nonzero).ok()?;
        let rank: &'static [u32] = bytemuck::try_cast_slice(rank).ok()?;
        let rows: &'static [[i16; LANES]] = bytemuck::try_cast_slice(rows).ok()?;
        if !Weights::consistent(nonzero, rank, n) {
            return None;
        }
        let (nonzero, rank, rows) = (Table::InPlace(nonzero), Table::InPlace(rank), Table::InPlace(rows));
        Some(Weights { bits, nonzero, rank, rows, transitions, start })
    }

    /// The model file of these weights, whose values are in units of `scale` (see the module's documentation).
    fn file_bytes(&self, scale: f32) -> Vec<u8> {
        let mut out = Vec::with_capacity(Layout::new(self.bits, self.rows.len()).map_or(0, |at| at.len));
        // Each section after the header starts at a multiple of 16 bytes, as `Layout` says (and `header` checks).
        let pad = |out: &mut Vec<u8>| out.resize(out.len().next_multiple_of(16), 0);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for v in self.transitions.iter().flatten().chain(&self.start) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        pad(&mut out);
        for w in self.nonzero.iter() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for c in self.rank.iter() {
            out.extend_from_slice(&c.to_le_bytes());
        }
        pad(&mut out);
        for v in self.rows.iter().flatten() {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Quantise float weights (emission `2^bits × N_TAGS`) into the file format, dropping rows whose largest
    /// weight is below `prune` (relative to the largest weight overall).
    pub(crate) fn to_bytes(
        bits: u32,
        emission: &[f32],
        transitions: &[[f32; N_TAGS]; N_TAGS],
        start: &[f32; N_TAGS],
        prune: f32,
    ) -> Vec<u8> {
        let max = emission.iter().fold(0f32, |m, &v| m.max(v.abs())).max(1e-9);
        let scale = max / 32767.0;
        let mut packer = Packer::new(bits, 0);
        for (bucket, row) in emission.chunks_exact(N_TAGS).take(1 << bits).enumerate() {
            let big = row.iter().fold(0f32, |m, &v| m.max(v.abs()));
            if big <= prune * max {
                continue;
            }
            let q: [i16; N_TAGS] = std::array::from_fn(|t| (row[t] / scale).round().clamp(-32767.0, 32767.0) as i16);
            // A row quantised to zeros is left out by the packer.
            packer.push(bucket, q);
        }
        let transitions = transitions.map(|row| row.map(|v| v / scale));
        let start = start.map(|v| v / scale);
        packer.finish(transitions, start).file_bytes(scale)
    }

    /// Emission scores (in units of `scale`) of each token from its feature hashes.
    #[cfg(test)]
    pub(crate) fn emissions(&self, feats: &[u64], offsets: &[usize]) -> Vec<[f32; N_TAGS]> {
        let shift = 64 - self.bits;
        offsets
            .windows(2)
            .map(|w| {
                let mut acc = [0i32; N_TAGS];
                for &h in feats.get(w[0]..w[1]).unwrap_or(&[]) {
                    if let Some(row) = self.row((h >> shift) as usize) {
                        for (a, &v) in acc.iter_mut().zip(row) {
                            *a += i32::from(v);
                        }
                    }
                }
                acc.map(|a| a as f32)
            })
            .collect()
    }
}

/// `acc += row`, lane by lane (written over whole arrays so that it compiles to vector adds).
#[inline]
fn add_lanes(acc: &mut LaneScores, row: &[i16; LANES]) {
    for (a, &v) in acc.iter_mut().zip(row) {
        *a += i32::from(v);
    }
}

/// Ask the processor to start reading every cache line of `items` into its nearest cache, where it is read soon
/// after and lies at a place unlikely to be cached (a hint with no effect on what the program computes).
#[inline]
pub(crate) fn prefetch_bytes<T>(items: &[T]) {
    const LINE: usize = 64;
    let start = items.as_ptr().cast::<u8>();
    // Lines from the one holding the first byte to the one holding the last.
    let lines = (start as usize % LINE + std::mem::size_of_val(items)).div_ceil(LINE);
    for k in 0..lines {
        // `wrapping_add` keeps the address computation free of the in-bounds rule: the last address may lie past
        // the slice, in its last line, which a prefetch may name.
        prefetch_line(start.wrapping_add(k * LINE));
    }
}

/// Ask the processor to start reading the cache line that holds `at` into its nearest cache (a hint: no memory is
/// read that the program can see, and no address faults).
#[inline(always)]
fn prefetch_line(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` is in x86-64's baseline (SSE) and dereferences nothing.
    unsafe {
        std::arch::x86_64::_mm_prefetch(at.cast::<i8>(), std::arch::x86_64::_MM_HINT_T0)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// The best BIO tag sequence under emission scores and transition scores, with ill-formed transitions barred.
/// A row of `em` holds the scores of the tags, and may go on with padding (a row of [`LANES`] is read whole).
// Always inlined, so that it is compiled with the processor features of its caller (see `Tagger::predict`).
#[inline(always)]
pub(crate) fn viterbi<const W: usize>(
    em: &[[f32; W]],
    trans: &[[f32; N_TAGS]; N_TAGS],
    start: &[f32; N_TAGS],
) -> Vec<usize> {
    let decoder = Decoder::new(trans, start);
    let mut tags = vec![0; em.len()];
    decoder.decode_into(em, &decoder.first, &mut tags, &mut Vec::new());
    tags
}

/// Transition scores as [`viterbi`] reads them, built once per model: barred transitions at minus infinity, so
/// that its inner loop is a plain maximum, in `LANES` lanes (the padding lanes barred) so that all tags are
/// compared at once, predecessor by predecessor.
pub(crate) struct Decoder {
    /// The score of each tag after each tag.
    pub(crate) after: [[f32; LANES]; N_TAGS],
    /// The score of each tag as the first of a sentence.
    pub(crate) first: [f32; LANES],
}

impl Decoder {
    pub(crate) fn new(trans: &[[f32; N_TAGS]; N_TAGS], start: &[f32; N_TAGS]) -> Decoder {
        const NEG: f32 = f32::NEG_INFINITY;
        let mut after = [[NEG; LANES]; N_TAGS];
        for (f, row) in after.iter_mut().enumerate() {
            for (t, v) in row.iter_mut().enumerate().take(N_TAGS) {
                if allowed(Some(f), t) {
                    *v = trans[f][t];
                }
            }
        }
        let mut first = [NEG; LANES];
        for t in 0..N_TAGS {
            if allowed(None, t) {
                first[t] = start[t];
            }
        }
        Decoder { after, first }
    }

    /// [`viterbi`] into `tags` (as long as `em`), the first token's tags scored by `first` (`self.first` for the
    /// first token of a sentence, `self.after[t]` for one that follows tag `t`); `scores` is a buffer for the path
    /// scores.
    #[inline(always)]
    pub(crate) fn decode_into<const W: usize>(
        &self,
        em: &[[f32; W]],
        first: &[f32; LANES],
        tags: &mut [usize],
        scores: &mut Vec<[f32; LANES]>,
    ) {
        const NEG: f32 = f32::NEG_INFINITY;
        let n = em.len().min(tags.len());
        if n == 0 {
            return;
        }
        let barred = &self.after;
        let lanes = |e: &[f32; W]| -> [f32; LANES] { std::array::from_fn(|t| e.get(t).copied().unwrap_or(0.0)) };
        // The best score of a path ending in each tag, at each token. Only the scores are kept: the best predecessor of
        // the one tag that the path takes at each token is found again when walking back, by the same sums in the same
        // order, which is less work than keeping the best predecessor of every tag.
        scores.clear();
        let first_em = lanes(&em[0]);
        let mut score: [f32; LANES] = std::array::from_fn(|t| first[t] + first_em[t]);
        scores.push(score);
        for e in &em[1..n] {
            let mut best = [NEG; LANES];
            for (f, row) in barred.iter().enumerate() {
                for t in 0..LANES {
                    let s = score[f] + row[t];
                    best[t] = if s > best[t] { s } else { best[t] };
                }
            }
            let e = lanes(e);
            for t in 0..LANES {
                score[t] = best[t] + e[t];
            }
            scores.push(score);
        }
        let mut best = 0;
        for t in 1..N_TAGS {
            if can_end(t) && score[t] > score[best] {
                best = t;
            }
        }
        tags[n - 1] = best;
        for i in (1..n).rev() {
            // The first predecessor with the highest score (a later one must be strictly higher).
            let t = tags[i];
            let (mut high, mut arg) = (NEG, 0);
            for (f, row) in barred.iter().enumerate() {
                let s = scores[i - 1][f] + row[t];
                if s > high {
                    (high, arg) = (s, f);
                }
            }
            tags[i - 1] = arg;
        }
    }
}

/// Entity spans `(first token, last token + 1, type index)` of a tag sequence; a tag that does not
/// continue an open entity of its type starts a new one.
pub(crate) fn spans_of(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    spans_of_into(tags, &mut out);
    out
}

/// [`spans_of`] into `out`.
pub(crate) fn spans_of_into(tags: &[usize], out: &mut Vec<(usize, usize, usize)>) {
    out.clear();
    let mut cur: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let parts = tag_parts(t);
        let continues = matches!((cur, parts), (Some((_, c)), Some((Part::Inside | Part::Last, ty))) if c == ty);
        if !continues {
            if let Some((s, c)) = cur.take() {
                out.push((s, i, c));
            }
            if let Some((_, ty)) = parts {
                cur = Some((i, ty));
            }
        }
        if let Some((Part::Last | Part::Unit, _)) = parts {
            if let Some((s, c)) = cur.take() {
                out.push((s, i + 1, c));
            }
        }
    }
    if let Some((s, c)) = cur {
        out.push((s, tags.len(), c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model file read row by row packs the same weights as its dense table would, duplicates and rows of zeros
    /// included.
    #[test]
    fn rows_read_as_given_pack_like_the_dense_table() {
        for (name, file) in [
            ("en", &include_bytes!("../../data/ner/en.model")[..]),
            ("id", &include_bytes!("../../data/ner/id.model")[..]),
        ] {
            let w = Weights::from_bytes(file).expect("the model parses");
            // The same rows through the dense table, with a duplicate bucket and a zeroed one added.
            let mut dense = vec![0i16; (1usize << w.bits) * N_TAGS];
            let mut given = Vec::new();
            for bucket in 0..1usize << w.bits {
                if let Some(row) = w.row(bucket) {
                    dense[bucket * N_TAGS..(bucket + 1) * N_TAGS].copy_from_slice(&row[..N_TAGS]);
                    given.push((bucket as u32, row[..N_TAGS].try_into().expect("N_TAGS weights")));
                }
            }
            assert!(given.len() > 1000, "{name}");
            let (b0, b1) = (given[0].0, given[1].0);
            given.insert(0, (b1, [7; N_TAGS]));
            given.push((b0, [0; N_TAGS]));
            dense[b0 as usize * N_TAGS..(b0 as usize + 1) * N_TAGS].fill(0);
            let packed = Weights::from_rows(w.bits, given, w.transitions, w.start);
            // The layout spelled out over every bucket of the dense table.
            let (mut nonzero, mut rank, mut rows) =
                (vec![0u64; (1 << w.bits) / 64], vec![0u32; (1 << w.bits) / 64], vec![]);
            for (bucket, row) in dense.chunks_exact(N_TAGS).enumerate() {
                if bucket % 64 == 0 {
                    rank[bucket / 64] = rows.len() as u32;
                }
                if row.iter().any(|&v| v != 0) {
                    nonzero[bucket / 64] |= 1 << (bucket % 64);
                    let mut r = [0i16; LANES];
                    r[..N_TAGS].copy_from_slice(row);
                    rows.push(r);
                }
            }
            assert_eq!(&packed.nonzero[..], &nonzero[..], "{name}");
            assert_eq!(&packed.rank[..], &rank[..], "{name}");
            assert_eq!(&packed.rows[..], &rows[..], "{name}");
            let from_dense = Weights::new(w.bits, dense, w.transitions, w.start);
            assert_eq!(
                (&from_dense.nonzero[..], &from_dense.rank[..], &from_dense.rows[..]),
                (&nonzero[..], &rank[..], &rows[..]),
                "{name}"
            );
            assert!(packed.row(b0 as usize).is_none() && packed.row(b1 as usize).is_some_and(|r| r[0] != 7));
        }
    }

    /// A model file written from float weights reads back as the same weights, and writes back as the same bytes;
    /// a file cut short, with a wrong magic, or whose running counts do not count its bitmap, is malformed.
    #[test]
    fn a_model_file_reads_back_as_written() {
        let bits = 10;
        let mut emission = vec![0f32; (1 << bits) * N_TAGS];
        for (k, v) in emission.iter_mut().enumerate() {
            if k % 5 == 0 {
                *v = (k % 23) as f32 - 11.0;
            }
        }
        let trans = [[0.5f32; N_TAGS]; N_TAGS];
        let file = Weights::to_bytes(bits, &emission, &trans, &[0.25; N_TAGS], 0.0);
        let w = Weights::from_bytes(&file).expect("the file parses");
        assert!(w.rows.len() > 100);
        // Bucket 5 holds emission[35..42]: 35 % 5 == 0, so its first weight is (35 % 23) - 11 = 1, the largest 11.
        let scale = 11.0 / 32767.0;
        assert_eq!(w.row(5).map(|r| r[0]), Some((1.0f32 / scale).round() as i16));
        assert_eq!(w.transitions[0][0], 0.5 / scale);
        let scale_in_file = f32::from_le_bytes(file[16..20].try_into().expect("four bytes"));
        assert_eq!(w.file_bytes(scale_in_file), file);

        assert!(Weights::from_bytes(&file[..file.len() - 1]).is_none(), "a file cut short is malformed");
        let mut magic = file.clone();
        magic[6] = b'2';
        assert!(Weights::from_bytes(&magic).is_none(), "the previous format is not read");
        let mut counts = file.clone();
        let rank_at = Layout::new(bits, w.rows.len()).expect("a layout").rank;
        counts[rank_at + 4] ^= 1;
        assert!(Weights::from_bytes(&counts).is_none(), "running counts that do not count the bitmap");
    }

    /// The models built into the library are read in place, as the same weights as their bytes copied.
    #[test]
    fn built_in_models_are_read_in_place() {
        for model in [crate::ner::EN_MODEL, crate::ner::ID_MODEL] {
            let copied = Weights::from_bytes(&model.0).expect("the model parses");
            let in_place = Weights::in_place(model).expect("the model parses");
            assert!(cfg!(target_endian = "big") || matches!(in_place.rows, Table::InPlace(_)));
            assert_eq!(&in_place.nonzero[..], &copied.nonzero[..]);
            assert_eq!(&in_place.rank[..], &copied.rank[..]);
            assert_eq!(&in_place.rows[..], &copied.rows[..]);
            assert_eq!((in_place.transitions, in_place.start), (copied.transitions, copied.start));
        }
    }

    /// Viterbi over every pair of tags with the barred ones at minus infinity (what `viterbi` must equal).
    fn viterbi_over_all_pairs(
        em: &[[f32; N_TAGS]],
        trans: &[[f32; N_TAGS]; N_TAGS],
        start: &[f32; N_TAGS],
    ) -> Vec<usize> {
        let n = em.len();
        let cost = |f: Option<usize>, t: usize, v: f32| if allowed(f, t) { v } else { f32::NEG_INFINITY };
        let mut score: [f32; N_TAGS] = std::array::from_fn(|t| cost(None, t, start[t] + em[0][t]));
        let mut back = vec![[0usize; N_TAGS]; n];
        for i in 1..n {
            let mut next = [0.0; N_TAGS];
            for t in 0..N_TAGS {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for f in 0..N_TAGS {
                    let s = score[f] + cost(Some(f), t, trans[f][t]);
                    if s > best {
                        (best, arg) = (s, f);
                    }
                }
                next[t] = best + em[i][t];
                back[i][t] = arg;
            }
            score = next;
        }
        let mut best = 0;
        for t in 1..N_TAGS {
            if can_end(t) && score[t] > score[best] {
                best = t;
            }
        }
        let mut tags = vec![best; n];
        for i in (1..n).rev() {
            tags[i - 1] = back[i][tags[i]];
        }
        tags
    }

    #[test]
    fn viterbi_gives_the_first_best_predecessor_over_allowed_transitions() {
        // Small integer scores make many ties, which both must break alike.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |range: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % range) as f32 - (range / 2) as f32
        };
        for round in 0..500 {
            let n = 1 + round % 12;
            let em: Vec<[f32; N_TAGS]> = (0..n).map(|_| std::array::from_fn(|_| next(5))).collect();
            let trans: [[f32; N_TAGS]; N_TAGS] = std::array::from_fn(|_| std::array::from_fn(|_| next(3)));
            let start: [f32; N_TAGS] = std::array::from_fn(|_| next(3));
            let want = viterbi_over_all_pairs(&em, &trans, &start);
            assert_eq!(viterbi(&em, &trans, &start), want, "{em:?}");
            // Rows padded to whole lanes, as tagging gives them.
            let padded: Vec<[f32; LANES]> =
                em.iter().map(|e| std::array::from_fn(|t| e.get(t).copied().unwrap_or(0.0))).collect();
            assert_eq!(viterbi(&padded, &trans, &start), want, "{em:?}");
        }
    }
}
