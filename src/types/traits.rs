use std::error::Error as StdError;
use std::fmt;

use std::sync::Arc;

use bytes::BytesMut;

use super::{JsonCodec, Type, WrongType};

/// The error a codec returns; the caller wraps it with the column and type it was decoding.
pub type BoxError = Box<dyn StdError + Sync + Send>;

/// Whether an encoded parameter is SQL NULL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsNull {
    /// The value is NULL: nothing was written and the length is sent as -1.
    Yes,
    /// The value was written to the buffer.
    No,
}

/// Per-connection codec settings handed to every encode and decode.
///
/// Built once per connection from its config; types that ignore it (most of them) pay nothing.
///
/// ```
/// use pgline::types::CodecContext;
/// let ctx = CodecContext::new().with_json_codecs(false);
/// assert!(!ctx.json_codecs);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CodecContext {
    /// When false, `json`/`jsonb` are not decoded into JSON values (`serde_json::Value`,
    /// [`Json<T>`](super::Json)): those decoders return
    /// [`DecodeError::JsonCodecsDisabled`](super::DecodeError::JsonCodecsDisabled), and the
    /// values can only be read as raw text or bytes (`&str`, `String`, `&[u8]`). Encoding is
    /// not affected.
    pub json_codecs: bool,
    /// A custom JSON (de)serializer used by the `serde_json::Value` codecs (and by
    /// [`Json<T>`](super::Json) on decode) instead of `serde_json`; see [`JsonCodec`].
    pub json_codec: Option<Arc<dyn JsonCodec>>,
}

static DEFAULT_CONTEXT: CodecContext = CodecContext {
    json_codecs: true,
    json_codec: None,
};

impl CodecContext {
    /// The default settings: JSON codecs on, decoded with `serde_json`.
    pub fn new() -> CodecContext {
        CodecContext::default()
    }

    /// Turns the JSON value codecs on or off.
    pub fn with_json_codecs(mut self, on: bool) -> CodecContext {
        self.json_codecs = on;
        self
    }

    /// Plugs in a custom JSON (de)serializer.
    pub fn with_json_codec(mut self, codec: Arc<dyn JsonCodec>) -> CodecContext {
        self.json_codec = Some(codec);
        self
    }

    /// The shared default context, for codecs called without one.
    pub(crate) fn default_ref() -> &'static CodecContext {
        &DEFAULT_CONTEXT
    }
}

impl Default for CodecContext {
    fn default() -> CodecContext {
        DEFAULT_CONTEXT.clone()
    }
}

/// A Rust value that can be sent as a parameter, in binary format.
///
/// Implement `to_sql` and `accepts`; the connection calls [`SqlParam::encode_param`], which checks
/// `accepts` against the type the server inferred before encoding.
///
/// ```
/// use bytes::BytesMut;
/// use pgline::types::{IsNull, ToSql, Type};
/// let mut buf = BytesMut::new();
/// assert_eq!(7i32.to_sql(&Type::INT4, &mut buf).unwrap(), IsNull::No);
/// assert_eq!(&buf[..], &[0, 0, 0, 7]);
/// ```
pub trait ToSql: fmt::Debug + Sync + Send {
    /// Appends the binary encoding of `self` as a value of type `ty` to `out`.
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError>;

    /// Like [`ToSql::to_sql`], with the connection's codec settings; defaults to `to_sql`.
    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        let _ = ctx;
        self.to_sql(ty, out)
    }

    /// Whether values of this Rust type can be sent as `ty`.
    fn accepts(ty: &Type) -> bool
    where
        Self: Sized;
}

/// The object-safe form of [`ToSql`] that query methods take as `&[&(dyn SqlParam + Sync)]`.
///
/// Every `ToSql` type is a `SqlParam`; you never implement this yourself.
pub trait SqlParam: fmt::Debug + Sync + Send {
    /// Checks that the value's type accepts `ty`, then encodes it.
    fn encode_param(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError>;

    /// The Rust type's name as [`std::any::type_name`] gives it (module paths included;
    /// error messages show it without them).
    fn rust_type(&self) -> &'static str;
}

impl<T: ToSql> SqlParam for T {
    fn encode_param(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        if !T::accepts(ty) {
            return Err(Box::new(WrongType::new::<T>(ty.clone())));
        }
        self.to_sql_with(ctx, ty, out)
    }

    fn rust_type(&self) -> &'static str {
        std::any::type_name::<T>()
    }
}

/// A Rust value that can be decoded from a column value in binary format.
///
/// `'a` is the lifetime of the row's buffer, so `&'a str` and `&'a [u8]` borrow without copying.
///
/// ```
/// use pgline::types::{FromSql, Type};
/// assert_eq!(i32::from_sql(&Type::INT4, &[0, 0, 1, 0]).unwrap(), 256);
/// assert!(i32::from_sql_nullable(&Type::INT4, None).is_err());
/// assert_eq!(Option::<i32>::from_sql_nullable(&Type::INT4, None).unwrap(), None);
/// ```
pub trait FromSql<'a>: Sized {
    /// Decodes a non-NULL value of type `ty`.
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError>;

    /// Decodes NULL; the default is a [`WasNull`] error, never a default value.
    fn from_sql_null(ty: &Type) -> Result<Self, BoxError> {
        let _ = ty;
        Err(Box::new(WasNull))
    }

    /// Decodes a value that may be NULL.
    fn from_sql_nullable(ty: &Type, raw: Option<&'a [u8]>) -> Result<Self, BoxError> {
        match raw {
            Some(raw) => Self::from_sql(ty, raw),
            None => Self::from_sql_null(ty),
        }
    }

    /// Like [`FromSql::from_sql_nullable`], with the connection's codec settings.
    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Self, BoxError> {
        let _ = ctx;
        Self::from_sql_nullable(ty, raw)
    }

    /// Whether values of type `ty` can be decoded into this Rust type.
    fn accepts(ty: &Type) -> bool;
}

/// A NULL was decoded into a Rust type that cannot hold it; use `Option<T>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WasNull;

impl fmt::Display for WasNull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a NULL value was decoded into a type that cannot be NULL (use Option)")
    }
}

impl StdError for WasNull {}
