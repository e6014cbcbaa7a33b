//! The batches of a list of files, fetched one at a time as the load asks for them.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use arrow_array::RecordBatch;
use arrow_schema::{ArrowError, SchemaRef};
use bytes::Bytes;
use futures_core::Stream;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};

use super::format::{self, FileFormat, FormatError};
use super::storage_error;
use crate::error::Error;

type Batches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>;
type Fetch = Pin<Box<dyn Future<Output = Result<Bytes, object_store::Error>> + Send>>;

/// A whole object's bytes.
pub(crate) async fn fetch(store: &Arc<dyn ObjectStore>, path: &Path) -> Result<Bytes, Error> {
    let got = store
        .get(path)
        .await
        .map_err(|e| storage_error(&format!("reading {path}"), e))?;
    got.bytes()
        .await
        .map_err(|e| storage_error(&format!("reading {path}"), e))
}

pub(crate) struct Files {
    store: Option<Arc<dyn ObjectStore>>,
    paths: VecDeque<Path>,
    format: FileFormat,
    batch_rows: usize,
    csv_schema: Option<SchemaRef>,
    current: Option<Batches>,
    fetching: Option<Fetch>,
}

impl Files {
    /// Starts with the first file's bytes; the others are fetched when it is read.
    pub(crate) fn new(
        store: Arc<dyn ObjectStore>,
        paths: VecDeque<Path>,
        format: FileFormat,
        batch_rows: usize,
        csv_schema: Option<SchemaRef>,
        first: Bytes,
    ) -> Result<Files, Error> {
        let current = format::read(format, first, batch_rows, csv_schema.clone())
            .map_err(|e| storage_error("opening a file", e))?;
        Ok(Files {
            store: Some(store),
            paths,
            format,
            batch_rows,
            csv_schema,
            current: Some(current),
            fetching: None,
        })
    }

    /// No files at all.
    pub(crate) fn empty() -> Files {
        Files {
            store: None,
            paths: VecDeque::new(),
            format: FileFormat::Parquet,
            batch_rows: 1,
            csv_schema: None,
            current: None,
            fetching: None,
        }
    }
}

impl Stream for Files {
    type Item = Result<RecordBatch, FormatError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(batches) = &mut this.current {
                match batches.next() {
                    Some(batch) => return Poll::Ready(Some(batch.map_err(Into::into))),
                    None => this.current = None,
                }
            }
            if let Some(fetching) = &mut this.fetching {
                let bytes = match fetching.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(bytes) => bytes,
                };
                this.fetching = None;
                let opened = bytes.map_err(FormatError::from).and_then(|bytes| {
                    format::read(this.format, bytes, this.batch_rows, this.csv_schema.clone())
                });
                match opened {
                    Ok(batches) => this.current = Some(batches),
                    Err(e) => return Poll::Ready(Some(Err(e))),
                }
                continue;
            }
            let (Some(store), Some(path)) = (&this.store, this.paths.pop_front()) else {
                return Poll::Ready(None);
            };
            let store = store.clone();
            this.fetching = Some(Box::pin(
                async move { store.get(&path).await?.bytes().await },
            ));
        }
    }
}
