//! Connecting: the connection layer establishes sessions; this checks each against
//! `target_session_attrs` (which takes queries) and wraps the accepted one in a [`Client`].

use super::statement_cache::CachePolicy;
use super::{Client, SimpleQueryMessage};
use crate::config::{Config, TargetSessionAttrs as SessionAttrs};
use crate::connection::{self, ConnectOptions};
use crate::error::Error;

impl ConnectOptions {
    /// Connects with these options, the `PG*` environment variables and libpq's defaults filling
    /// what `config` leaves unset.
    pub async fn connect(&self, config: &Config) -> Result<Client, Error> {
        let plan = self.plan_for(config)?;
        connection::connect(&plan, |connected, wanted| async move {
            let client = Client::new(
                connected,
                self.codec_context().clone(),
                self.default_query_timeout(),
                cache_policy(self),
            );
            check_session(&client, wanted).await?;
            Ok(client)
        })
        .await
    }
}

fn cache_policy(options: &ConnectOptions) -> CachePolicy {
    let (capacity, lifetime, max_len) = options.statement_cache_bounds();
    CachePolicy {
        capacity,
        lifetime,
        max_len,
    }
}

impl Config {
    /// Connects, with the `PG*` environment variables and libpq's defaults filling what the
    /// config leaves unset; see [`ConnectOptions`] for settings beyond libpq's keywords.
    pub async fn connect(&self) -> Result<Client, Error> {
        ConnectOptions::default().connect(self).await
    }
}

/// Whether the session is what `target_session_attrs` asks for: from the `in_hot_standby` and
/// `default_transaction_read_only` parameters where the server reports them (14+), else by
/// query, as libpq does.
async fn check_session(client: &Client, wanted: SessionAttrs) -> Result<(), Error> {
    if wanted == SessionAttrs::Any {
        return Ok(());
    }
    let standby = match client.parameter("in_hot_standby") {
        Some(v) => v == "on",
        None => query_bool(client, "SELECT pg_catalog.pg_is_in_recovery()").await?,
    };
    let read_only = || async {
        match client.parameter("default_transaction_read_only") {
            Some(v) => Ok::<_, Error>(v == "on" || standby),
            None => Ok(query_bool(client, "SHOW transaction_read_only").await?),
        }
    };
    let ok = match wanted {
        SessionAttrs::Any | SessionAttrs::PreferStandby => true,
        SessionAttrs::Primary => !standby,
        SessionAttrs::Standby => standby,
        SessionAttrs::ReadWrite => !read_only().await?,
        SessionAttrs::ReadOnly => read_only().await?,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::config_message(format!(
            "the server does not match target_session_attrs ({wanted:?})"
        )))
    }
}

async fn query_bool(client: &Client, sql: &str) -> Result<bool, Error> {
    for message in client.simple_query(sql).await? {
        if let SimpleQueryMessage::Row(row) = message {
            return Ok(matches!(row.get(0usize), Some("t" | "on")));
        }
    }
    Err(Error::unexpected(format!("{sql:?} returned no row")))
}
