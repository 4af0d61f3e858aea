//! The gazetteer's names as a compressed byte trie, ignoring ASCII case, for walks anchored at one position of
//! the text.
//!
//! Only anchored walks are needed (a name starts at a capitalised word start), so there are no failure links to
//! compute: built from the sorted names in one pass, the trie costs a small fraction of an Aho-Corasick automaton
//! of the same names to build. The tables are large (some 50,000 names), so a walk's memory reads decide its
//! speed: the trie is one byte array in depth-first order, and a run of bytes without a branch is one node, so a
//! walk reads a few nodes lying near each other, not one scattered state per byte.

/// A node: `key` (`u32`, `NO_KEY` if no name ends here), the label's length (`u32`), the number of children
/// (`u16`), the label (the bytes from the parent's end to this node's end, starting with the byte that chose it),
/// the children's first bytes (sorted), then the children's offsets (`u32` each).
const HEADER: usize = 10;

const NO_KEY: u32 = u32::MAX;

use std::borrow::Cow;

/// A node of a walk and the depth at which its label starts (the number of bytes of the nodes before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) node: u32,
    pub(super) depth: u32,
}

#[derive(Debug)]
pub(super) struct Trie {
    /// The nodes, the root at offset 0, every node before its children: built, or read where a prebuilt table
    /// (see `crate::prebuilt`) lies in the library.
    bytes: Cow<'static, [u8]>,
    /// The root's children by first byte (0 for none): every walk starts with one, and the root has the most.
    root_children: Box<[u32; 256]>,
}

impl Trie {
    /// The trie of `keys`, which must be ASCII-lowercase, sorted and distinct; a walk reports a key by its index.
    /// `None` if there are no keys or the trie would not fit its 32-bit offsets.
    pub(super) fn new(keys: &[String]) -> Option<Trie> {
        debug_assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let mut bytes = Vec::new();
        add_node(&mut bytes, keys, 0, keys.len(), 0)?;
        Some(Trie::with_bytes(Cow::Owned(bytes)))
    }

    /// The trie whose nodes are `bytes`, as [`Trie::as_bytes`] gave them.
    pub(super) fn from_bytes(bytes: &'static [u8]) -> Option<Trie> {
        (bytes.len() >= HEADER).then(|| Trie::with_bytes(Cow::Borrowed(bytes)))
    }

    fn with_bytes(bytes: Cow<'static, [u8]>) -> Trie {
        let mut trie = Trie { bytes, root_children: Box::new([0; 256]) };
        for byte in 0..=u8::MAX {
            trie.root_children[usize::from(byte)] = trie.child(0, byte).unwrap_or(0);
        }
        trie
    }

    /// The nodes, as one byte array.
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The keys that are prefixes of `text` (ignoring ASCII case), shortest first, as `(length, key index)`.
    #[cfg(test)]
    pub(super) fn prefixes<'a>(&'a self, text: &'a [u8]) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.prefixes_from(text, Place { node: 0, depth: 0 })
    }

    /// Where a walk along `prefix` (lowercase) ends: the node whose label holds its last byte (the root for an
    /// empty one), with the depth at which that label starts; `None` if no key begins with `prefix`.
    pub(super) fn locate(&self, prefix: &[u8]) -> Option<Place> {
        let mut place = Place { node: 0, depth: 0 };
        loop {
            let node = place.node as usize;
            let header = self.bytes.get(node..node + HEADER)?;
            let label_len = u32::from_le_bytes(header[4..8].try_into().ok()?) as usize;
            let label = self.bytes.get(node + HEADER..node + HEADER + label_len)?;
            let depth = place.depth as usize;
            let end = depth + label.len();
            let here = prefix.get(depth..end.min(prefix.len()))?;
            if label.get(..here.len())? != here {
                return None;
            }
            if end >= prefix.len() {
                return Some(place);
            }
            let child = self.child(node, *prefix.get(end)?)?;
            place = Place { node: child, depth: u32::try_from(end).ok()? };
        }
    }

    /// The keys that are prefixes of `text` (ignoring ASCII case), shortest first, as `(length, key index)`, of
    /// those that end in or after the label of the node at `from`, given that `text` starts with the bytes
    /// before that label (as the place [`Trie::locate`] gives for a prefix of `text` says).
    pub(super) fn prefixes_from<'a>(
        &'a self,
        text: &'a [u8],
        from: Place,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        // The next node to enter, and how much of `text` the nodes before it matched.
        let mut next = Some(from.node);
        let mut matched = from.depth as usize;
        std::iter::from_fn(move || loop {
            let node = next.take()? as usize;
            let header = self.bytes.get(node..node + HEADER)?;
            let key = u32::from_le_bytes(header[0..4].try_into().ok()?);
            let label_len = u32::from_le_bytes(header[4..8].try_into().ok()?) as usize;
            let label = self.bytes.get(node + HEADER..node + HEADER + label_len)?;
            let rest = text.get(matched..)?;
            if rest.len() < label.len() || !label.iter().zip(rest).all(|(&l, &t)| l == t.to_ascii_lowercase()) {
                return None;
            }
            matched += label.len();
            next = text.get(matched).and_then(|&byte| {
                let byte = byte.to_ascii_lowercase();
                if node == 0 {
                    Some(self.root_children[usize::from(byte)]).filter(|&child| child != 0)
                } else {
                    self.child(node, byte)
                }
            });
            if key != NO_KEY && matched > 0 {
                return Some((matched, key as usize));
            }
        })
    }

    /// The offset of the child of the node at `node` that `byte` chooses, if any.
    fn child(&self, node: usize, byte: u8) -> Option<u32> {
        let header = self.bytes.get(node..node + HEADER)?;
        let label_len = u32::from_le_bytes(header[4..8].try_into().ok()?) as usize;
        let children = usize::from(u16::from_le_bytes([header[8], header[9]]));
        let firsts_at = node + HEADER + label_len;
        let i = self.bytes.get(firsts_at..firsts_at + children)?.binary_search(&byte).ok()?;
        let at = firsts_at + children + 4 * i;
        Some(u32::from_le_bytes(self.bytes.get(at..at + 4)?.try_into().ok()?))
    }
}

/// Write the node of `keys[lo..hi]` (which share their first `depth` bytes) and its subtree into `bytes`; its
/// offset.
fn add_node(bytes: &mut Vec<u8>, keys: &[String], mut lo: usize, hi: usize, depth: usize) -> Option<usize> {
    let (first, last) = (keys.get(lo)?.as_bytes(), keys.get(hi - 1)?.as_bytes());
    // Sorted, the keys' common prefix is that of the first and the last; all of it is this node's.
    let end = depth + first[depth..].iter().zip(&last[depth..]).take_while(|(a, b)| a == b).count();
    // The parent chose this node by its first byte: the label starts one byte back (none for the root).
    let label = &first[depth.saturating_sub(1).min(end)..end];
    let key = if first.len() == end {
        lo += 1;
        u32::try_from(lo - 1).ok()?
    } else {
        NO_KEY
    };
    let mut children = Vec::new();
    let mut at = lo;
    while at < hi {
        let byte = keys[at].as_bytes()[end];
        let run = keys[at..hi].partition_point(|k| k.as_bytes()[end] == byte);
        children.push((byte, at, at + run));
        at += run;
    }
    let node = bytes.len();
    bytes.extend(key.to_le_bytes());
    bytes.extend(u32::try_from(label.len()).ok()?.to_le_bytes());
    bytes.extend(u16::try_from(children.len()).ok()?.to_le_bytes());
    bytes.extend(label);
    bytes.extend(children.iter().map(|c| c.0));
    let offsets = bytes.len();
    bytes.resize(offsets + 4 * children.len(), 0);
    for (i, &(_, lo, hi)) in children.iter().enumerate() {
        let child = u32::try_from(add_node(bytes, keys, lo, hi, end + 1)?).ok()?;
        bytes.get_mut(offsets + 4 * i..offsets + 4 * i + 4)?.copy_from_slice(&child.to_le_bytes());
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_ignore_ascii_case_and_come_shortest_first() {
        let keys: Vec<String> = ["korea", "korea selatan", "korean", "kos", "u.s."].map(String::from).to_vec();
        let trie = Trie::new(&keys).expect("small trie");
        let found: Vec<_> = trie.prefixes(b"KOREA Selatan and more").collect();
        assert_eq!(found, vec![(5, 0), (13, 1)]);
        assert_eq!(trie.prefixes(b"U.S.-based").collect::<Vec<_>>(), vec![(4, 4)]);
        assert_eq!(trie.prefixes(b"Kor").count(), 0);
        assert_eq!(trie.prefixes(b"Kos").collect::<Vec<_>>(), vec![(3, 3)]);
        assert_eq!(trie.prefixes(b"").count(), 0);
    }

    #[test]
    fn one_key_and_no_keys() {
        let trie = Trie::new(&["jakarta".to_string()]).expect("one key");
        assert_eq!(trie.prefixes(b"Jakarta").collect::<Vec<_>>(), vec![(7, 0)]);
        assert!(Trie::new(&[]).is_none());
    }
}
