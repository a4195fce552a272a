//! Small shared helpers that keep the page's wasm small: one hash map type and one
//! sort for the whole core (each generic instance is code in the page).
//!
//! One small hash map for the whole core: an FxHash-like mix over the key's bytes,
//! eight at a time. Keys are short texts from the user's own file, so SipHash's
//! shield against chosen collisions buys nothing, and one map type keeps the page's
//! wasm small.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::Arc;

#[derive(Default)]
/// An FxHash-like hasher: fast on short keys, not DoS-resistant (user data are local).
pub struct Fx(u64);

/// The multiplier of rustc's FxHash (an odd constant with well-spread bits).
const K: u64 = 0xf135_7aea_2e62_a9c5;

impl Fx {
    /// Mixes one word in.
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        // The map's buckets take the low bits and its tags the top 7: fold the
        // well-mixed high half down so that both are spread.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(K).rotate_left(26)
    }
    /// Eight bytes at a time (a byte at a time was a tenth of an import's time).
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let mut b = [0; 8];
            b[..tail.len()].copy_from_slice(tail);
            self.add(u64::from_le_bytes(b) ^ ((tail.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
}

/// A hash map with the core's hasher.
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
/// A hash set with the core's hasher.
pub type FxSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

/// A text's hash, as the core's maps work it out.
pub fn hash_text(text: &str) -> u64 {
    BuildHasherDefault::<Fx>::default().hash_one(text)
}

/// Byte keys numbered 0, 1, 2… in the order they were added. The table holds each
/// key's number, the keys are in a list by number, so they come back in their order
/// without a sort. A slot is 4 bytes: a million keys' table (2^21 slots) takes 8 MB
/// less than with each key's hash beside its number. The price is a growth that
/// reads every key again (a cache miss per key, for a million scattered keys); the
/// importer sizes its table once from the file's size (`Importer::expect_bytes`),
/// so a large file's table does not grow.
#[derive(Default)]
pub struct KeyIndex {
    table: hashbrown::HashTable<u32>,
    keys: Vec<Box<[u8]>>,
}

impl KeyIndex {
    fn hash(key: &[u8]) -> u64 {
        BuildHasherDefault::<Fx>::default().hash_one(key)
    }

    /// The hash of key number `i`, for the table's growth.
    fn hash_of(keys: &[Box<[u8]>], i: u32) -> u64 {
        keys.get(i as usize).map_or(0, |k| Self::hash(k))
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key's number, if it was added.
    pub fn get(&self, key: &[u8]) -> Option<usize> {
        self.find(key).ok()
    }

    /// The key's number, if it was added; else its hash, for [`KeyIndex::push_hashed`]
    /// (a new key is hashed once).
    pub fn find(&self, key: &[u8]) -> Result<usize, u64> {
        let hash = Self::hash(key);
        self.table
            .find(hash, |&i| {
                self.keys.get(i as usize).is_some_and(|k| **k == *key)
            })
            .map(|&i| i as usize)
            .ok_or(hash)
    }

    /// Adds a key that is not in the index yet: its number, the next one (at most
    /// `u32::MAX` keys: the callers bound theirs far below).
    pub fn push(&mut self, key: Box<[u8]>) -> usize {
        self.push_hashed(Self::hash(&key), key)
    }

    /// [`KeyIndex::push`] of a key whose hash [`KeyIndex::find`] gave.
    pub fn push_hashed(&mut self, hash: u64, key: Box<[u8]>) -> usize {
        let i = self.keys.len();
        self.keys.push(key);
        let keys = &self.keys;
        self.table
            .insert_unique(hash, i as u32, |&j| Self::hash_of(keys, j));
        i
    }

    /// Room for `more` keys, or `false` when the memory cannot give it.
    #[inline]
    pub fn try_reserve(&mut self, more: usize) -> bool {
        // Asked at every new key: the room there is, seen without a call.
        let room = |len: usize, capacity: usize| capacity.saturating_sub(len) >= more;
        (room(self.keys.len(), self.keys.capacity())
            && room(self.table.len(), self.table.capacity()))
            || self.grow(more)
    }

    /// [`KeyIndex::try_reserve`] when there is not room already.
    fn grow(&mut self, more: usize) -> bool {
        if self.keys.try_reserve(more).is_err() {
            return false;
        }
        let keys = &self.keys;
        self.table
            .try_reserve(more, |&j| Self::hash_of(keys, j))
            .is_ok()
    }

    /// The keys by number.
    pub fn keys(&self) -> &[Box<[u8]>] {
        &self.keys
    }

    /// The keys by number, the table freed.
    pub fn into_keys(self) -> Vec<Box<[u8]>> {
        self.keys
    }
}

/// A stable sort of indexes by a comparison: every sort of the core and the page
/// goes through this one, so that the wasm holds one copy of the sorting code.
pub fn sort_indices(rows: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    rows.sort_by(|&a, &b| cmp(a, b));
}

/// The first `k` of `items` in the order `cmp` gives (a total order), in that order,
/// kept as they come: a heap of the best k so far, its root the worst of them, so
/// that a million items cost k of them and most are turned away by one comparison.
pub fn top_k<T>(
    items: impl IntoIterator<Item = T>,
    k: usize,
    cmp: &dyn Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let worse = |a: &T, b: &T| cmp(a, b).is_gt();
    let mut heap: Vec<T> = Vec::with_capacity(k.min(1024));
    for item in items {
        if heap.len() < k {
            heap.push(item);
            let mut i = heap.len() - 1;
            while i > 0 && worse(&heap[i], &heap[(i - 1) / 2]) {
                heap.swap(i, (i - 1) / 2);
                i = (i - 1) / 2;
            }
        } else if heap.first().is_some_and(|root| cmp(&item, root).is_lt()) {
            heap[0] = item;
            let mut i = 0;
            loop {
                let mut top = i;
                for child in [2 * i + 1, 2 * i + 2] {
                    if child < heap.len() && worse(&heap[child], &heap[top]) {
                        top = child;
                    }
                }
                if top == i {
                    break;
                }
                heap.swap(i, top);
                i = top;
            }
        }
    }
    heap.sort_unstable_by(cmp);
    heap
}

/// `items` reordered by a comparison of their indexes.
pub fn sorted<T>(items: Vec<T>, cmp: &dyn Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Shares equal texts: a million combinations in a few channels hold a few strings,
/// not a million copies. Each text's hash is kept beside it: the table grows
/// without reading a text again (a million names scattered in memory).
#[derive(Default)]
pub struct Interner {
    texts: hashbrown::HashTable<(u64, Arc<str>)>,
    /// The text last asked for: a file's rows often repeat the one before (a
    /// channel, an owner), found again without a hash.
    last: Option<Arc<str>>,
}

impl Interner {
    /// How many different texts it has shared.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The shared copy of `text`.
    pub fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(last) = self.last.as_ref().filter(|l| ***l == *text) {
            return last.clone();
        }
        let hash = hash_text(text);
        let entry = self
            .texts
            .entry(hash, |(h, t)| *h == hash && **t == *text, |&(h, _)| h);
        let shared = entry
            .or_insert_with(|| (hash, Arc::from(text)))
            .get()
            .1
            .clone();
        self.last = Some(shared.clone());
        shared
    }
}

/// Counts different texts by their 64-bit hashes, 8 bytes each: a million names
/// are counted without a copy of any, and without a table: the hashes are noted in
/// order and sorted once, when counted (a table's cache miss per name was most of
/// the end of a contact list's import). Two of a million texts share a hash with
/// odds of about 1 in 30 million; the count is then one short, so a count of every
/// text noted is never wrong.
#[derive(Default)]
pub struct Distinct {
    hashes: Vec<u64>,
    /// How many of `hashes`, from the start, are sorted and different.
    counted: usize,
}

impl Distinct {
    /// Room for `n` texts (nothing when the memory has none: it grows as it fills).
    pub fn reserve(&mut self, n: usize) {
        let _ = self.hashes.try_reserve_exact(n);
    }

    /// Notes `text`; its hash ([`hash_text`]).
    pub fn add(&mut self, text: &str) -> u64 {
        let hash = hash_text(text);
        // The same text as the one before (rows of one campaign) is not noted again.
        if self.hashes.last() != Some(&hash) {
            self.hashes.push(hash);
        }
        hash
    }

    /// How many different texts there were.
    pub fn count(&mut self) -> usize {
        if self.counted < self.hashes.len() {
            self.hashes.sort_unstable();
            self.hashes.dedup();
            self.counted = self.hashes.len();
        }
        self.counted
    }
}

/// The texts of a file's campaigns, channels and owners: the names counted (each
/// combination has its own), channels and owners shared; so each dimension's
/// different values are counted as the rows are read.
#[derive(Default)]
pub struct TextDims {
    /// Campaign names, counted.
    pub names: Distinct,
    /// Channels.
    pub channels: Interner,
    /// Owners (sales reps).
    pub owners: Interner,
}

impl TextDims {
    /// How many different names, channels and owners there are.
    pub fn distinct(&mut self) -> [usize; 3] {
        [self.names.count(), self.channels.len(), self.owners.len()]
    }
}

/// The tests' random numbers: xorshift64 from `state` (not zero).
#[cfg(test)]
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn keys_are_numbered_in_order_and_found_through_growth() {
        let mut index = KeyIndex::default();
        for i in 0..10_000u32 {
            let key = format!("Campaign {i}\u{1f}email")
                .into_bytes()
                .into_boxed_slice();
            assert_eq!(index.get(&key), None);
            assert_eq!(index.push(key), i as usize);
        }
        for i in (0..10_000u32).rev() {
            let key = format!("Campaign {i}\u{1f}email").into_bytes();
            assert_eq!(index.get(&key), Some(i as usize));
            assert_eq!(&*index.keys()[i as usize], &key[..]);
        }
        assert_eq!(index.get(b"Campaign 10000\x1femail"), None);
        assert!(index.try_reserve(5));
        assert_eq!(index.len(), 10_000);
        assert_eq!(index.into_keys().len(), 10_000);
    }

    /// The first `k` of `rows` (row numbers, given in increasing order) as
    /// [`sort_indices`] orders them: [`top_k`], ties by row number.
    fn top_indices(
        rows: impl IntoIterator<Item = usize>,
        k: usize,
        cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering,
    ) -> Vec<usize> {
        top_k(rows, k, &|a, b| cmp(*a, *b).then(a.cmp(b)))
    }

    #[test]
    fn the_top_rows_are_the_sorted_rows_first() {
        // Ties, and the worst order for a heap of the best (each row better).
        for values in [
            (0..500u32).map(|i| (i * 7919) % 97).collect::<Vec<u32>>(),
            (0..500u32).collect(),
            (0..500u32).rev().collect(),
        ] {
            top_rows_of(&values);
        }
    }

    fn top_rows_of(values: &[u32]) {
        let cmp = |a: usize, b: usize| values[b].cmp(&values[a]);
        let mut sorted: Vec<usize> = (0..values.len()).collect();
        sort_indices(&mut sorted, &cmp);
        for k in [0, 1, 5, 64, 65, 96, 256, 257, 499, 500, 600] {
            let top = top_indices(0..values.len(), k, &cmp);
            let k = k.min(values.len());
            assert_eq!(top[..], sorted[..k], "k = {k}");
        }
    }

    #[test]
    fn the_interner_shares_equal_texts_only() {
        let mut texts = Interner::default();
        let a = texts.get("LinkedIn");
        let b = texts.get(&String::from("LinkedIn"));
        let c = texts.get("linkedin");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!((&*a, &*c), ("LinkedIn", "linkedin"));
    }

    #[test]
    fn different_texts_are_counted_once_however_they_come() {
        // Random texts of 0..300 in runs and out of order, counted part way too.
        let mut next = xorshift(0x5eed);
        let mut d = Distinct::default();
        let mut seen = std::collections::BTreeSet::new();
        for round in 0..4 {
            for _ in 0..2000 {
                let t = (next() % 300).to_string();
                for _ in 0..next() % 3 {
                    d.add(&t);
                    seen.insert(t.clone());
                }
            }
            assert_eq!(d.count(), seen.len(), "round {round}");
            assert_eq!(d.count(), seen.len(), "counted twice, round {round}");
        }
        assert_eq!(Distinct::default().count(), 0);
    }

    #[test]
    fn similar_keys_spread_over_buckets_and_tags() {
        let build = BuildHasherDefault::<Fx>::default();
        let hashes: Vec<u64> = (0..4096)
            .map(|i| build.hash_one(format!("Campaign {i}")))
            .collect();
        let distinct =
            |f: &dyn Fn(u64) -> u64| hashes.iter().map(|&h| f(h)).collect::<FxSet<_>>().len();
        assert_eq!(distinct(&|h| h), 4096);
        // 4,096 keys in 1,024 buckets: a fair hash leaves about 2 % empty.
        assert!(distinct(&|h| h & 1023) > 950);
        // The 7-bit tags hashbrown keeps from the top bits: all 128 used.
        assert_eq!(distinct(&|h| h >> 57), 128);
        // Keys that differ only past their eighth byte or by a trailing zero byte.
        assert_ne!(build.hash_one("abcdefgh1"), build.hash_one("abcdefgh2"));
        assert_ne!(build.hash_one(&b"ab"[..]), build.hash_one(&b"ab\0"[..]));
    }
}
