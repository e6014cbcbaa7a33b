//! Where the storage bridge reads and writes: a local path or an object store URL.

use std::sync::{Arc, OnceLock};

use object_store::ObjectStore;
use object_store::memory::InMemory;
use object_store::path::Path;

use super::storage_error;
use crate::error::Error;

/// An object in an object store (a local file is one in the local file system's store), or,
/// when its path ends with `/`, every object under that prefix.
///
/// ```
/// use pgline::storage::Location;
/// let local = Location::parse("/tmp/out/items.parquet").unwrap();
/// let memory = Location::parse("memory:///exports/items.arrow").unwrap();
/// assert_eq!(memory.path().as_ref(), "exports/items.arrow");
/// ```
#[derive(Clone, Debug)]
pub struct Location {
    store: Arc<dyn ObjectStore>,
    path: Path,
    prefix: bool,
}

/// The one in-memory store every `memory://` URL of this process names, so that what one call
/// writes there the next can read.
fn memory() -> Arc<dyn ObjectStore> {
    static MEMORY: OnceLock<Arc<InMemory>> = OnceLock::new();
    MEMORY.get_or_init(|| Arc::new(InMemory::new())).clone()
}

impl Location {
    /// A local path (relative ones from the current directory), or a URL: `file://`,
    /// `memory://` (one store shared by the whole process), and `s3://`, `gs://`, `az://`...
    /// with the `storage-s3`, `storage-gcs` and `storage-azure` features (configured from the
    /// environment, as object_store's builders read it).
    pub fn parse(place: &str) -> Result<Location, Error> {
        let prefix = place.ends_with('/');
        let bad = |e: &dyn std::fmt::Display| {
            Error::usage(format!("{place:?} is not a path or object store URL: {e}"))
        };
        if !place.contains("://") {
            let absolute = std::path::absolute(place).map_err(|e| bad(&e))?;
            let path = Path::from_absolute_path(&absolute).map_err(|e| bad(&e))?;
            let store = object_store::local::LocalFileSystem::new();
            return Ok(Location {
                store: Arc::new(store),
                path,
                prefix,
            });
        }
        let url = url::Url::parse(place).map_err(|e| bad(&e))?;
        if url.scheme() == "memory" {
            let path = Path::from_url_path(url.path()).map_err(|e| bad(&e))?;
            return Ok(Location {
                store: memory(),
                path,
                prefix,
            });
        }
        let options = std::env::vars().map(|(k, v)| (k.to_ascii_lowercase(), v));
        let (store, path) = object_store::parse_url_opts(&url, options).map_err(|e| bad(&e))?;
        Ok(Location {
            store: Arc::from(store),
            path,
            prefix,
        })
    }

    /// An object (or, with `prefix`, the objects under a prefix) in a store of the caller's.
    pub fn new(store: Arc<dyn ObjectStore>, path: Path, prefix: bool) -> Location {
        Location {
            store,
            path,
            prefix,
        }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn ObjectStore> {
        &self.store
    }

    /// The path in the store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this names every object under a prefix rather than one object.
    pub fn is_prefix(&self) -> bool {
        self.prefix
    }

    /// The objects named: this one, or those under the prefix in name order.
    pub(crate) async fn objects(&self) -> Result<Vec<Path>, Error> {
        if !self.prefix {
            return Ok(vec![self.path.clone()]);
        }
        let mut listing = self.store.list(Some(&self.path));
        let mut paths = Vec::new();
        while let Some(meta) =
            std::future::poll_fn(|cx| futures_core::Stream::poll_next(listing.as_mut(), cx)).await
        {
            paths.push(
                meta.map_err(|e| storage_error("listing objects", e))?
                    .location,
            );
        }
        paths.sort();
        Ok(paths)
    }

    /// The path of part `n` of a split output: `-<n>` (five digits) before the extension.
    pub(crate) fn part(&self, n: usize) -> Path {
        let raw = self.path.as_ref();
        let (dir, name) = match raw.rfind('/') {
            Some(i) => (&raw[..=i], &raw[i + 1..]),
            None => ("", raw),
        };
        let named = match name.rfind('.') {
            Some(dot) if dot > 0 => format!("{}-{n:05}{}", &name[..dot], &name[dot..]),
            _ => format!("{name}-{n:05}"),
        };
        Path::from(format!("{dir}{named}"))
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.store, self.path)
    }
}
