//! Stable hashing for features and lexicon keys (the same on every platform and release, unlike
//! `std`'s hasher), and a map keyed by such hashes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
pub(crate) fn step(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(PRIME)
}

/// A strong 64-bit finaliser (murmur3's).
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Hash of a string, lowercased.
pub(crate) fn lower(s: &str) -> u64 {
    let mut h = OFFSET;
    for c in s.chars() {
        if c.is_ascii() {
            h = step(h, c.to_ascii_lowercase() as u64);
        } else {
            for l in c.to_lowercase() {
                h = step(h, l as u64);
            }
        }
    }
    mix(h)
}

/// Combines hashes in order (token sequences).
#[inline]
pub(crate) fn combine(h: u64, x: u64) -> u64 {
    mix(h.rotate_left(17) ^ x)
}

/// Passes an already well-mixed `u64` key through.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = step(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

pub(crate) type U64Map<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// A small deterministic generator (xorshift64*), for shuffling and seeding.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(mix(seed ^ 0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}
