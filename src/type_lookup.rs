//! Types whose OID is not fixed, looked up in `pg_type` once per connection.
//!
//! Interim: resolves to a simple type named by its OID until the catalog builder lands.

use crate::client::Client;
use crate::error::Error;
use crate::types::{Kind, Type};

pub(crate) async fn lookup(_client: &Client, oid: u32) -> Result<Type, Error> {
    Ok(Type::new(
        format!("oid_{oid}"),
        oid,
        Kind::Simple,
        "unknown".into(),
    ))
}
