//! Dense slot storage keyed by string id, so the R-trees can carry small integers.

use rustc_hash::FxHashMap;

/// Items in reusable slots, looked up by id.
#[derive(Debug)]
pub(super) struct Slots<T> {
    items: Vec<Option<T>>,
    free: Vec<u32>,
    /// Ids to slots, hashed with `rustc-hash` (every query looks its own id up).
    by_id: FxHashMap<String, u32>,
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Slots {
            items: Vec::new(),
            free: Vec::new(),
            by_id: FxHashMap::default(),
        }
    }
}

impl<T> Slots<T> {
    pub fn slot_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, slot: u32) -> Option<&T> {
        self.items.get(slot as usize).and_then(Option::as_ref)
    }

    pub fn by_id(&self, id: &str) -> Option<&T> {
        self.slot_of(id).and_then(|s| self.get(s))
    }

    /// The slot the next [`Slots::insert`] will use.
    pub fn next_slot(&self) -> u32 {
        self.free.last().copied().unwrap_or(self.items.len() as u32)
    }

    /// Stores a new item under `id` and returns its slot.
    pub fn insert(&mut self, id: String, item: T) -> u32 {
        let slot = match self.free.pop() {
            Some(s) => {
                self.items[s as usize] = Some(item);
                s
            }
            None => {
                self.items.push(Some(item));
                (self.items.len() - 1) as u32
            }
        };
        self.by_id.insert(id, slot);
        slot
    }

    /// Swaps the item in an occupied slot, returning the old one.
    pub fn replace(&mut self, slot: u32, item: T) -> Option<T> {
        self.items
            .get_mut(slot as usize)
            .and_then(|s| s.replace(item))
    }

    pub fn remove(&mut self, id: &str) -> Option<(u32, T)> {
        let slot = self.by_id.remove(id)?;
        let item = self.items.get_mut(slot as usize)?.take()?;
        self.free.push(slot);
        Some((slot, item))
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, &T)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.as_ref().map(|t| (i as u32, t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_reused() {
        let mut s = Slots::default();
        let a = s.insert("a".into(), 1);
        let b = s.insert("b".into(), 2);
        assert_eq!(s.remove("a"), Some((a, 1)));
        assert_eq!(s.remove("a"), None);
        let c = s.insert("c".into(), 3);
        assert_eq!(c, a);
        assert_eq!(s.replace(b, 20), Some(2));
        assert_eq!(s.by_id("b"), Some(&20));
        assert_eq!(s.len(), 2);
        assert_eq!(s.iter().count(), 2);
        assert_eq!(s.get(99), None);
    }
}
