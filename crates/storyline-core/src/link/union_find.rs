//! Disjoint sets over `0..n`, joined so that the smaller index is the root: the result does
//! not depend on the order of the unions (entity resolution, event conflicts).

pub(crate) struct UnionFind {
    /// Four bytes a node: entity resolution holds one per referent of a whole corpus.
    parent: Vec<u32>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        assert!(n <= u32::MAX as usize, "at most 2^32 nodes");
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    /// `find` without path compression, for use behind a shared borrow.
    pub(crate) fn find_const(&self, x: usize) -> usize {
        let mut x = x as u32;
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x as usize
    }

    pub(crate) fn find(&mut self, x: usize) -> usize {
        let mut x = x as u32;
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x as usize
    }

    /// Joins two sets; the smaller index becomes the root, so results do not depend on the
    /// order of unions.
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo as u32;
        }
    }
}
