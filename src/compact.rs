//! Small collections for what a build keeps of every page from reading it to rendering
//! it. A site of 100,000 pages holds 100,000 of each, so each is one or two allocations
//! sized exactly: a sorted vector in place of a `BTreeMap` (whose first node holds room
//! for eleven entries), and the strings of a set in one buffer in place of a `HashSet`
//! of `String`s.

use std::borrow::Borrow;

/// A map kept as a vector sorted by key: the few keys a page has (its taxonomies, the
/// front matter keys it wrote) looked up by binary search, iterated in key order, as a
/// `BTreeMap` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        SortedMap::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Gives back spare room, once the map is complete.
    pub fn shrink(mut self) -> Self {
        self.0.shrink_to_fit();
        self
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// As `BTreeMap` does, a key given twice keeps its last value.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        // A stable sort keeps equal keys in the order given; the last of each is kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        kept.shrink_to_fit();
        SortedMap(kept)
    }
}

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for SortedMap<K, V> {
    /// As a map, in key order: as a `BTreeMap` serialises.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for this key in the map")
    }
}

/// A set of strings in one buffer, sorted, each once: the ids a page has for links to
/// point at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    text: Box<str>,
    /// Where each name ends in `text`, in sorted order of the names.
    ends: Box<[usize]>,
}

impl Names {
    pub fn contains(&self, name: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.get(mid).cmp(name) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The names in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Names {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut names: Vec<S> = iter.into_iter().collect();
        names.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
        names.dedup_by(|a, b| a.as_ref() == b.as_ref());
        let mut text = String::with_capacity(names.iter().map(|n| n.as_ref().len()).sum());
        let mut ends = Vec::with_capacity(names.len());
        for name in &names {
            text.push_str(name.as_ref());
            ends.push(text.len());
        }
        Names {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn a_sorted_map_reads_as_a_btree_map_does() {
        let pairs = [
            ("tags", 1),
            ("Ŵyl", 2),
            ("audience", 3),
            ("tags", 4),
            ("ärger", 5),
        ];
        let ours: SortedMap<String, i32> = pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        let theirs: BTreeMap<String, i32> =
            pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            theirs.iter().collect::<Vec<_>>()
        );
        assert_eq!(ours.get("tags"), Some(&4));
        assert_eq!(ours["Ŵyl"], 2);
        assert_eq!(ours.get("missing"), None);
        let mut built = SortedMap::new();
        for (k, v) in pairs {
            built.insert(k, v);
        }
        assert_eq!(built.len(), 4);
        assert_eq!(built.get("tags"), Some(&4));
        assert!(built.contains_key("audience") && !built.contains_key("tag"));
    }

    #[test]
    fn names_hold_each_string_once_and_find_it() {
        let given = [
            "fn:1",
            "aims",
            "",
            "ein-nodau",
            "aims",
            "ŵyl-🎉",
            "a",
            "aim",
        ];
        let names: Names = given.iter().collect();
        let set: BTreeSet<&str> = given.iter().copied().collect();
        assert_eq!(
            names.iter().collect::<Vec<_>>(),
            set.iter().copied().collect::<Vec<_>>()
        );
        assert_eq!(names.len(), set.len());
        for name in &set {
            assert!(names.contains(name), "{name}");
        }
        for absent in ["aimss", "ŵyl", "fn:2", "b", "z"] {
            assert!(!names.contains(absent), "{absent}");
        }
        assert!(!Names::default().contains(""));
    }
}
