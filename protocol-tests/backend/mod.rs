//! Backend message vectors, one file per message as the PostgreSQL docs name them.

pub mod authentication;
pub mod backend_key_data;
pub mod command_complete;
pub mod copy_data;
pub mod copy_response;
pub mod data_row;
pub mod empty_body;
pub mod error_response;
pub mod function_call_response;
pub mod negotiate_protocol_version;
pub mod notice_response;
pub mod notification_response;
pub mod parameter_description;
pub mod parameter_status;
pub mod ready_for_query;
pub mod row_description;

use crate::support::Vector;

/// Every backend vector, named.
pub fn all() -> Vec<Vector> {
    [
        authentication::vectors(),
        backend_key_data::vectors(),
        command_complete::vectors(),
        copy_data::vectors(),
        copy_response::vectors(),
        data_row::vectors(),
        empty_body::vectors(),
        error_response::vectors(),
        function_call_response::vectors(),
        negotiate_protocol_version::vectors(),
        notice_response::vectors(),
        notification_response::vectors(),
        parameter_description::vectors(),
        parameter_status::vectors(),
        ready_for_query::vectors(),
        row_description::vectors(),
    ]
    .concat()
}
