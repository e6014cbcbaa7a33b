//! Writes typed rows as a binary COPY stream, like `COPY ... FROM STDIN (FORMAT binary)` reads.

use bytes::{BufMut, BytesMut};

use super::{CopyError, HEADER, TRAILER};
use crate::types::{CodecContext, IsNull, SqlParam, Type};

/// Appends the stream header (signature, no flags, no extension) to `out`.
pub fn write_header(out: &mut BytesMut) {
    out.extend_from_slice(&HEADER);
}

/// Appends the trailer (field count -1) to `out`.
pub fn write_trailer(out: &mut BytesMut) {
    out.extend_from_slice(&TRAILER);
}

/// Encodes rows of Rust values into a binary COPY stream, each value typed by its target
/// column's [`Type`]: the header before the first row, a tuple per row, the trailer on
/// [`finish`](CopyBinaryWriter::finish).
///
/// A row that fails to encode leaves `out` as it was before that row.
///
/// ```
/// use bytes::BytesMut;
/// use pgline::copy::CopyBinaryWriter;
/// use pgline::types::Type;
/// let mut w = CopyBinaryWriter::new(vec![Type::INT4, Type::TEXT]);
/// let mut out = BytesMut::new();
/// w.write_row(&[&7i32, &"seven"], &mut out).unwrap();
/// w.write_row(&[&8i32, &None::<&str>], &mut out).unwrap();
/// w.finish(&mut out);
/// assert_eq!(&out[19..], b"\0\x02\0\0\0\x04\0\0\0\x07\0\0\0\x05seven\
///                          \0\x02\0\0\0\x04\0\0\0\x08\xff\xff\xff\xff\xff\xff");
/// ```
#[derive(Debug)]
pub struct CopyBinaryWriter {
    types: Vec<Type>,
    ctx: CodecContext,
    header_written: bool,
}

impl CopyBinaryWriter {
    /// A writer for rows of columns of these types, in the table's (or column list's) order.
    pub fn new(types: Vec<Type>) -> CopyBinaryWriter {
        CopyBinaryWriter {
            types,
            ctx: CodecContext::default(),
            header_written: false,
        }
    }

    /// Uses these codec settings (a custom JSON codec) for every value.
    pub fn with_context(mut self, ctx: CodecContext) -> CopyBinaryWriter {
        self.ctx = ctx;
        self
    }

    /// The column types.
    pub fn types(&self) -> &[Type] {
        &self.types
    }

    /// Appends one row: the header first if this is the first row.
    pub fn write_row(
        &mut self,
        row: &[&(dyn SqlParam + Sync)],
        out: &mut BytesMut,
    ) -> Result<(), CopyError> {
        if row.len() != self.types.len() {
            return Err(CopyError::RowLength {
                expected: self.types.len(),
                got: row.len(),
            });
        }
        // The column count went through `i16` when the server described the table (at most
        // 1664 columns), but a caller may pass any list: check it.
        let count = i16::try_from(row.len()).map_err(|_| CopyError::RowLength {
            expected: i16::MAX as usize,
            got: row.len(),
        })?;
        let start = out.len();
        if !self.header_written {
            write_header(out);
        }
        out.put_i16(count);
        for (column, (value, ty)) in row.iter().zip(&self.types).enumerate() {
            if let Err(e) = write_value(*value, &self.ctx, ty, column, out) {
                out.truncate(start);
                return Err(e);
            }
        }
        self.header_written = true;
        Ok(())
    }

    /// Appends the trailer (and the header when no row was written), ending the stream.
    pub fn finish(self, out: &mut BytesMut) {
        if !self.header_written {
            write_header(out);
        }
        write_trailer(out);
    }
}

/// Writes one field: its length (back-patched) and bytes, or -1 for NULL.
fn write_value(
    value: &(dyn SqlParam + Sync),
    ctx: &CodecContext,
    ty: &Type,
    column: usize,
    out: &mut BytesMut,
) -> Result<(), CopyError> {
    let at = out.len();
    out.put_i32(0);
    let null = value
        .encode_param(ctx, ty, out)
        .map_err(|source| CopyError::Encode {
            column,
            type_: ty.clone(),
            source,
        })?;
    let len = match null {
        IsNull::Yes => {
            out.truncate(at + 4);
            -1
        }
        IsNull::No => {
            let len = out.len() - at - 4;
            i32::try_from(len).map_err(|_| CopyError::ValueTooLong { column, len })?
        }
    };
    out[at..at + 4].copy_from_slice(&len.to_be_bytes());
    Ok(())
}
