//! Small shared helpers that keep the page's wasm small: one hash map type and one
//! sort for the whole core (each generic instance is code in the page).
//!
//! One small hash map for the whole core: FNV-1a over the key's bytes. Keys are
//! short texts from the user's own file, so SipHash's shield against chosen
//! collisions buys nothing, and one map type keeps the page's wasm small.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type FnvSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// A stable sort of indexes by a comparison: every sort of the core and the page
/// goes through this one, so that the wasm holds one copy of the sorting code.
pub fn sort_indices(rows: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    rows.sort_by(|&a, &b| cmp(a, b));
}

/// `items` reordered by a comparison of their indexes.
pub fn sorted<T>(items: Vec<T>, cmp: &dyn Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}
