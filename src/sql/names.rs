//! The parameter names of a converted statement, kept in one buffer: a statement with 25 names
//! costs two allocations, not 25.

use std::fmt;
use std::ops::Index;

/// The names of a named-style statement's parameters in `$n` order: `names[i]` is the name of
/// `$(i + 1)`. Reads like a `&[&str]`: [`len`](ParamNames::len), [`iter`](ParamNames::iter),
/// indexing, and comparison with arrays, slices and vectors of `&str`.
///
/// ```
/// use pgline::sql::{ParamStyle, convert};
/// let c = convert("SELECT :b, :a, :b", ParamStyle::Named).unwrap();
/// assert_eq!(c.names, ["b", "a"]);
/// assert_eq!(&c.names[1], "a");
/// assert_eq!(c.names.position("a"), Some(1));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct ParamNames {
    /// Every name, one after another.
    text: String,
    /// Where each name ends in `text`.
    ends: Vec<u32>,
}

impl ParamNames {
    /// Names from `names`, in order, taken as they are (no check for repeats).
    pub(crate) fn from_strs<'a>(names: impl ExactSizeIterator<Item = &'a str> + Clone) -> Self {
        let len = names.clone().map(str::len).sum();
        let mut text = String::with_capacity(len);
        let mut ends = Vec::with_capacity(names.len());
        for name in names {
            text.push_str(name);
            // A statement is a protocol message, at most 1 GiB, so offsets fit in 32 bits.
            ends.push(text.len() as u32);
        }
        ParamNames { text, ends }
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none (a positional statement, or one without placeholders).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The name of `$(i + 1)`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }

    /// The names in `$n` order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            names: self,
            front: 0,
            back: self.len(),
        }
    }

    /// The index of `name` (its `$n` is one more).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.iter().position(|n| n == name)
    }
}

impl Index<usize> for ParamNames {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(name) => name,
            None => panic!(
                "parameter name index {i} out of range for {} names",
                self.len()
            ),
        }
    }
}

impl<'a> IntoIterator for &'a ParamNames {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The names of a [`ParamNames`], in order.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    names: &'a ParamNames,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.names.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.back - self.front;
        (left, Some(left))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.names.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl fmt::Debug for ParamNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for ParamNames {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for ParamNames {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for ParamNames {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}
