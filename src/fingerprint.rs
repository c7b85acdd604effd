//! Fingerprints: 64-bit hashes of what a file of the output is made from. Watch mode
//! compares them between builds to re-render only the files whose inputs changed.
//! They live only in memory, within one run.

use std::hash::{BuildHasher, Hasher};

use serde::Serialize;

/// Maps and sets keyed by paths and names, for the model's lookups: hashed with aHash,
/// which is several times faster than the standard hasher on short keys (these tables
/// are made anew each time the site model is).
pub type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
pub type HashSet<K> = std::collections::HashSet<K, ahash::RandomState>;

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

    /// Adds a value as serde serialises it, fed straight into the hasher: every string,
    /// number and key, with its kind and length, so that different values hash apart.
    /// The feed tells serde it is not human-readable, which lets a [`Hashed`] value give
    /// its own fingerprint instead of itself.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        let _ = value.serialize(Feed(&mut self.0));
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

/// A value with its fingerprint, made once: what a fingerprint takes of it where it is
/// part of a larger value (a page listed on many pages, say), so that it is hashed once
/// however many files show it. For templates it serialises as the value itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Hashed<T> {
    pub value: T,
    pub print: u64,
}

impl<T> std::ops::Deref for Hashed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize + Default> Default for Hashed<T> {
    fn default() -> Self {
        Hashed::new(T::default())
    }
}

impl<T: Serialize> Hashed<T> {
    pub fn new(value: T) -> Self {
        let print = Fingerprint::new().value(&value).finish();
        Hashed { value, print }
    }
}

impl<T: Serialize> Serialize for Hashed<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            self.value.serialize(serializer)
        } else {
            serializer.serialize_u64(self.print)
        }
    }
}

/// Feeds what serde serialises into a hasher.
struct Feed<'a>(&'a mut ahash::AHasher);

/// Feeding a hasher cannot fail; serde needs an error type all the same.
#[derive(Debug)]
struct FeedError;

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot fingerprint this value")
    }
}

impl std::error::Error for FeedError {}

impl serde::ser::Error for FeedError {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        FeedError
    }
}

/// The kind of each value, written before it.
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const STR: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const NONE: u8 = 7;
    pub const SOME: u8 = 8;
    pub const UNIT: u8 = 9;
    pub const VARIANT: u8 = 10;
    pub const SEQ: u8 = 11;
    pub const MAP: u8 = 12;
    pub const STRUCT: u8 = 13;
    pub const END: u8 = 14;
}

impl Feed<'_> {
    fn str(&mut self, text: &str) {
        self.0.write_u8(tag::STR);
        self.0.write_usize(text.len());
        self.0.write(text.as_bytes());
    }
    fn variant(&mut self, index: u32, name: &'static str) {
        self.0.write_u8(tag::VARIANT);
        self.0.write_u32(index);
        self.name(name);
    }
    /// A field or variant name.
    fn name(&mut self, name: &'static str) {
        self.0.write_usize(name.len());
        self.0.write(name.as_bytes());
    }
}

impl<'a> serde::Serializer for Feed<'a> {
    type Ok = ();
    type Error = FeedError;
    type SerializeSeq = Feed<'a>;
    type SerializeTuple = Feed<'a>;
    type SerializeTupleStruct = Feed<'a>;
    type SerializeTupleVariant = Feed<'a>;
    type SerializeMap = Feed<'a>;
    type SerializeStruct = Feed<'a>;
    type SerializeStructVariant = Feed<'a>;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Result<(), FeedError> {
        self.0.write_u8(tag::BOOL);
        self.0.write_u8(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), FeedError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), FeedError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), FeedError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), FeedError> {
        self.0.write_u8(tag::INT);
        self.0.write_i64(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), FeedError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), FeedError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), FeedError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), FeedError> {
        self.0.write_u8(tag::UINT);
        self.0.write_u64(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), FeedError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), FeedError> {
        self.0.write_u8(tag::FLOAT);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(mut self, v: char) -> Result<(), FeedError> {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), FeedError> {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), FeedError> {
        self.0.write_u8(tag::BYTES);
        self.0.write_usize(v.len());
        self.0.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), FeedError> {
        self.0.write_u8(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FeedError> {
        self.0.write_u8(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FeedError> {
        self.0.write_u8(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FeedError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<(), FeedError> {
        self.variant(index, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.variant(index, variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Feed<'a>, FeedError> {
        self.0.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Feed<'a>, FeedError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Feed<'a>, FeedError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        index: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Feed<'a>, FeedError> {
        self.variant(index, variant);
        self.0.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Feed<'a>, FeedError> {
        self.0.write_u8(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Feed<'a>, FeedError> {
        self.0.write_u8(tag::STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        index: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Feed<'a>, FeedError> {
        self.variant(index, variant);
        self.0.write_u8(tag::STRUCT);
        Ok(self)
    }
}

impl Feed<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        value.serialize(Feed(self.0))
    }
    fn end(self) -> Result<(), FeedError> {
        self.0.write_u8(tag::END);
        Ok(())
    }
}

/// Sequences and tuples of every kind feed their elements in order, then an end mark.
macro_rules! feed_elements {
    ($($kind:ident :: $method:ident),*) => {$(
        impl serde::ser::$kind for Feed<'_> {
            type Ok = ();
            type Error = FeedError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
                self.element(value)
            }
            fn end(self) -> Result<(), FeedError> {
                Feed::end(self)
            }
        }
    )*};
}

feed_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl serde::ser::SerializeMap for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FeedError> {
        self.element(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FeedError> {
        self.element(value)
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl serde::ser::SerializeStruct for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.name(key);
        self.element(value)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), FeedError> {
        self.name(key);
        self.0.write_u8(tag::NONE);
        Ok(())
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
    }
}

impl serde::ser::SerializeStructVariant for Feed<'_> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.name(key);
        self.element(value)
    }
    fn end(self) -> Result<(), FeedError> {
        Feed::end(self)
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

    #[test]
    fn values_hash_by_their_content_and_shape() {
        #[derive(Serialize)]
        struct Page<'a> {
            title: &'a str,
            tags: Vec<&'a str>,
            summary: Option<&'a str>,
        }
        let print = |p: &Page| Fingerprint::new().value(p).finish();
        let a = Page {
            title: "Vision",
            tags: vec!["a", "b"],
            summary: None,
        };
        let same = Page {
            title: "Vision",
            tags: vec!["a", "b"],
            summary: None,
        };
        assert_eq!(print(&a), print(&same));
        for other in [
            Page {
                title: "Vision.",
                tags: vec!["a", "b"],
                summary: None,
            },
            Page {
                title: "Vision",
                tags: vec!["ab"],
                summary: None,
            },
            Page {
                title: "Vision",
                tags: vec!["a", "b"],
                summary: Some(""),
            },
            Page {
                title: "Vision",
                tags: vec!["a"],
                summary: Some("b"),
            },
        ] {
            assert_ne!(print(&a), print(&other));
        }
    }

    #[test]
    fn a_hashed_value_stands_for_itself_in_prints_and_is_itself_elsewhere() {
        #[derive(Serialize)]
        struct Listing<T> {
            pages: Vec<T>,
        }
        let plain = Listing {
            pages: vec!["a", "b"],
        };
        let hashed = Listing {
            pages: vec![Hashed::new("a"), Hashed::new("b")],
        };
        let changed = Listing {
            pages: vec![Hashed::new("a"), Hashed::new("c")],
        };
        let print = |v: &dyn erased::Print| v.print();
        assert_ne!(print(&hashed), print(&changed));
        // For templates (and any human-readable format) it is the value itself.
        assert_eq!(
            serde_json::to_string(&hashed).unwrap(),
            serde_json::to_string(&plain).unwrap()
        );
    }

    mod erased {
        pub trait Print {
            fn print(&self) -> u64;
        }
        impl<T: serde::Serialize> Print for T {
            fn print(&self) -> u64 {
                super::Fingerprint::new().value(self).finish()
            }
        }
    }
}
