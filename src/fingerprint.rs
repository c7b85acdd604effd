//! Fingerprints: 64-bit hashes of what a file of the output is made from. Watch mode
//! compares them between builds to re-render only the files whose inputs changed.
//! They live only in memory, within one run.

use std::hash::{BuildHasher, Hasher};

use serde::Serialize;

/// A hasher fed with the inputs of one output file.
pub struct Fingerprint(ahash::AHasher);

fn state() -> ahash::RandomState {
    ahash::RandomState::with_seeds(0x706c_6169, 0x6e6c_7920, 0x6669_6e67, 0x6572_7072)
}

impl Fingerprint {
    pub fn new() -> Self {
        Fingerprint(state().build_hasher())
    }

    pub fn add_str(&mut self, text: &str) -> &mut Self {
        self.0.write(text.as_bytes());
        self.0.write_u8(0xff);
        self
    }

    pub fn add_u64(&mut self, value: u64) -> &mut Self {
        self.0.write_u64(value);
        self
    }

    pub fn add_bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.write(bytes);
        self.0.write_usize(bytes.len());
        self
    }

    /// Adds a value as its JSON serialisation, streamed into the hasher.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        let _ = serde_json::to_writer(HashWriter(&mut self.0), value);
        self.0.write_u8(0xfe);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

/// The fingerprint of a text.
pub fn hash_str(text: &str) -> u64 {
    state().hash_one(text)
}

/// The fingerprint of some bytes.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    state().hash_one(bytes)
}

struct HashWriter<'a>(&'a mut ahash::AHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_print_different_inputs_different() {
        let a = Fingerprint::new().add_str("a").add_u64(1).finish();
        let b = Fingerprint::new().add_str("a").add_u64(1).finish();
        let c = Fingerprint::new().add_str("a").add_u64(2).finish();
        assert_eq!(a, b);
        assert_ne!(a, c);
        // Boundaries count: "ab" + "c" is not "a" + "bc".
        let x = Fingerprint::new().add_str("ab").add_str("c").finish();
        let y = Fingerprint::new().add_str("a").add_str("bc").finish();
        assert_ne!(x, y);
        assert_eq!(hash_str("page"), hash_str("page"));
    }
}
