//! Messages the server sends: zero-copy views parsed from a frame's `Bytes` body (each with its
//! own `parse`, so a hot path can parse a DataRow without the enum), and encoders for them that
//! mock servers and the fuzz round trip use. No I/O.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html>

mod authentication;
mod backend_key_data;
mod command_complete;
mod copy_data;
mod copy_response;
mod data_row;
mod empty_body;
mod error_response;
mod function_call_response;
mod negotiate_protocol_version;
mod notice_response;
mod notification_response;
mod parameter_description;
mod parameter_status;
mod ready_for_query;
mod row_description;

use bytes::{Bytes, BytesMut};

pub use authentication::{
    Authentication, SaslMechanisms, authentication_cleartext_password, authentication_gss,
    authentication_gss_continue, authentication_kerberos_v5, authentication_md5_password,
    authentication_ok, authentication_sasl, authentication_sasl_continue,
    authentication_sasl_final, authentication_sspi,
};
pub use backend_key_data::{BackendKeyData, backend_key_data};
pub use command_complete::{CommandComplete, command_complete};
pub use copy_data::{CopyData, copy_data};
pub use copy_response::{
    CopyBothResponse, CopyFormats, CopyInResponse, CopyOutResponse, copy_both_response,
    copy_in_response, copy_out_response,
};
pub use data_row::{DataRow, DataRowFields, DataRowRanges, data_row};
pub use empty_body::{
    bind_complete, close_complete, copy_done, empty_query_response, no_data, parse_complete,
    portal_suspended,
};
pub use error_response::{ErrorFields, ErrorFieldsIter, ErrorResponse, error_response, field};
pub use function_call_response::{FunctionCallResponse, function_call_response};
pub use negotiate_protocol_version::{NegotiateProtocolVersion, negotiate_protocol_version};
pub use notice_response::{NoticeResponse, notice_response};
pub use notification_response::{NotificationResponse, notification_response};
pub use parameter_description::{ParameterDescription, parameter_description};
pub use parameter_status::{ParameterStatus, parameter_status};
pub use ready_for_query::{ReadyForQuery, TransactionStatus, ready_for_query};
pub use row_description::{
    FieldDescription, RowDescription, RowDescriptionFields, row_description,
};

use crate::protocol::codec::expect_empty;
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

/// The tag byte of every backend message, for matching on a frame before parsing it.
pub mod tag {
    /// Authentication (every AuthenticationXxx request).
    pub const AUTHENTICATION: u8 = b'R';
    /// BackendKeyData.
    pub const BACKEND_KEY_DATA: u8 = b'K';
    /// BindComplete.
    pub const BIND_COMPLETE: u8 = b'2';
    /// CloseComplete.
    pub const CLOSE_COMPLETE: u8 = b'3';
    /// CommandComplete.
    pub const COMMAND_COMPLETE: u8 = b'C';
    /// CopyData.
    pub const COPY_DATA: u8 = b'd';
    /// CopyDone.
    pub const COPY_DONE: u8 = b'c';
    /// CopyInResponse.
    pub const COPY_IN_RESPONSE: u8 = b'G';
    /// CopyOutResponse.
    pub const COPY_OUT_RESPONSE: u8 = b'H';
    /// CopyBothResponse.
    pub const COPY_BOTH_RESPONSE: u8 = b'W';
    /// DataRow.
    pub const DATA_ROW: u8 = b'D';
    /// EmptyQueryResponse.
    pub const EMPTY_QUERY_RESPONSE: u8 = b'I';
    /// ErrorResponse.
    pub const ERROR_RESPONSE: u8 = b'E';
    /// FunctionCallResponse.
    pub const FUNCTION_CALL_RESPONSE: u8 = b'V';
    /// NegotiateProtocolVersion.
    pub const NEGOTIATE_PROTOCOL_VERSION: u8 = b'v';
    /// NoData.
    pub const NO_DATA: u8 = b'n';
    /// NoticeResponse.
    pub const NOTICE_RESPONSE: u8 = b'N';
    /// NotificationResponse.
    pub const NOTIFICATION_RESPONSE: u8 = b'A';
    /// ParameterDescription.
    pub const PARAMETER_DESCRIPTION: u8 = b't';
    /// ParameterStatus.
    pub const PARAMETER_STATUS: u8 = b'S';
    /// ParseComplete.
    pub const PARSE_COMPLETE: u8 = b'1';
    /// PortalSuspended.
    pub const PORTAL_SUSPENDED: u8 = b's';
    /// ReadyForQuery.
    pub const READY_FOR_QUERY: u8 = b'Z';
    /// RowDescription.
    pub const ROW_DESCRIPTION: u8 = b'T';
}

/// Any backend message, parsed from a frame's tag and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendMessage {
    /// Authentication (`'R'`).
    Authentication(Authentication),
    /// BackendKeyData (`'K'`).
    BackendKeyData(BackendKeyData),
    /// BindComplete (`'2'`).
    BindComplete,
    /// CloseComplete (`'3'`).
    CloseComplete,
    /// CommandComplete (`'C'`).
    CommandComplete(CommandComplete),
    /// CopyData (`'d'`).
    CopyData(CopyData),
    /// CopyDone (`'c'`).
    CopyDone,
    /// CopyInResponse (`'G'`).
    CopyInResponse(CopyInResponse),
    /// CopyOutResponse (`'H'`).
    CopyOutResponse(CopyOutResponse),
    /// CopyBothResponse (`'W'`).
    CopyBothResponse(CopyBothResponse),
    /// DataRow (`'D'`).
    DataRow(DataRow),
    /// EmptyQueryResponse (`'I'`).
    EmptyQueryResponse,
    /// ErrorResponse (`'E'`).
    ErrorResponse(ErrorResponse),
    /// FunctionCallResponse (`'V'`).
    FunctionCallResponse(FunctionCallResponse),
    /// NegotiateProtocolVersion (`'v'`).
    NegotiateProtocolVersion(NegotiateProtocolVersion),
    /// NoData (`'n'`).
    NoData,
    /// NoticeResponse (`'N'`).
    NoticeResponse(NoticeResponse),
    /// NotificationResponse (`'A'`).
    NotificationResponse(NotificationResponse),
    /// ParameterDescription (`'t'`).
    ParameterDescription(ParameterDescription),
    /// ParameterStatus (`'S'`).
    ParameterStatus(ParameterStatus),
    /// ParseComplete (`'1'`).
    ParseComplete,
    /// PortalSuspended (`'s'`).
    PortalSuspended,
    /// ReadyForQuery (`'Z'`).
    ReadyForQuery(ReadyForQuery),
    /// RowDescription (`'T'`).
    RowDescription(RowDescription),
}

impl BackendMessage {
    /// Parses the body of a frame tagged `tag`.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use pgline::protocol::backend::{BackendMessage, TransactionStatus};
    /// let msg = BackendMessage::parse(b'Z', Bytes::from_static(b"T")).unwrap();
    /// let BackendMessage::ReadyForQuery(rfq) = msg else { unreachable!() };
    /// assert_eq!(rfq.status, TransactionStatus::InTransaction);
    /// ```
    pub fn parse(tag: u8, body: Bytes) -> Result<BackendMessage, ProtocolError> {
        use BackendMessage as M;
        let empty = |message: MessageKind, body: &Bytes| expect_empty(body, message);
        Ok(match tag {
            tag::AUTHENTICATION => M::Authentication(Authentication::parse(body)?),
            tag::BACKEND_KEY_DATA => M::BackendKeyData(BackendKeyData::parse(body)?),
            tag::BIND_COMPLETE => {
                empty(MessageKind::BindComplete, &body).map(|()| M::BindComplete)?
            }
            tag::CLOSE_COMPLETE => {
                empty(MessageKind::CloseComplete, &body).map(|()| M::CloseComplete)?
            }
            tag::COMMAND_COMPLETE => M::CommandComplete(CommandComplete::parse(body)?),
            tag::COPY_DATA => M::CopyData(CopyData::parse(body)?),
            tag::COPY_DONE => empty(MessageKind::CopyDone, &body).map(|()| M::CopyDone)?,
            tag::COPY_IN_RESPONSE => M::CopyInResponse(CopyInResponse::parse(body)?),
            tag::COPY_OUT_RESPONSE => M::CopyOutResponse(CopyOutResponse::parse(body)?),
            tag::COPY_BOTH_RESPONSE => M::CopyBothResponse(CopyBothResponse::parse(body)?),
            tag::DATA_ROW => M::DataRow(DataRow::parse(body)?),
            tag::EMPTY_QUERY_RESPONSE => {
                empty(MessageKind::EmptyQueryResponse, &body).map(|()| M::EmptyQueryResponse)?
            }
            tag::ERROR_RESPONSE => M::ErrorResponse(ErrorResponse::parse(body)?),
            tag::FUNCTION_CALL_RESPONSE => {
                M::FunctionCallResponse(FunctionCallResponse::parse(body)?)
            }
            tag::NEGOTIATE_PROTOCOL_VERSION => {
                M::NegotiateProtocolVersion(NegotiateProtocolVersion::parse(body)?)
            }
            tag::NO_DATA => empty(MessageKind::NoData, &body).map(|()| M::NoData)?,
            tag::NOTICE_RESPONSE => M::NoticeResponse(NoticeResponse::parse(body)?),
            tag::NOTIFICATION_RESPONSE => {
                M::NotificationResponse(NotificationResponse::parse(body)?)
            }
            tag::PARAMETER_DESCRIPTION => {
                M::ParameterDescription(ParameterDescription::parse(body)?)
            }
            tag::PARAMETER_STATUS => M::ParameterStatus(ParameterStatus::parse(body)?),
            tag::PARSE_COMPLETE => {
                empty(MessageKind::ParseComplete, &body).map(|()| M::ParseComplete)?
            }
            tag::PORTAL_SUSPENDED => {
                empty(MessageKind::PortalSuspended, &body).map(|()| M::PortalSuspended)?
            }
            tag::READY_FOR_QUERY => M::ReadyForQuery(ReadyForQuery::parse(body)?),
            tag::ROW_DESCRIPTION => M::RowDescription(RowDescription::parse(body)?),
            tag => return Err(ProtocolError::UnknownTag { tag }),
        })
    }

    /// The message's kind, for errors and logs.
    pub fn kind(&self) -> MessageKind {
        use BackendMessage as M;
        match self {
            M::Authentication(_) => MessageKind::Authentication,
            M::BackendKeyData(_) => MessageKind::BackendKeyData,
            M::BindComplete => MessageKind::BindComplete,
            M::CloseComplete => MessageKind::CloseComplete,
            M::CommandComplete(_) => MessageKind::CommandComplete,
            M::CopyData(_) => MessageKind::CopyData,
            M::CopyDone => MessageKind::CopyDone,
            M::CopyInResponse(_) => MessageKind::CopyInResponse,
            M::CopyOutResponse(_) => MessageKind::CopyOutResponse,
            M::CopyBothResponse(_) => MessageKind::CopyBothResponse,
            M::DataRow(_) => MessageKind::DataRow,
            M::EmptyQueryResponse => MessageKind::EmptyQueryResponse,
            M::ErrorResponse(_) => MessageKind::ErrorResponse,
            M::FunctionCallResponse(_) => MessageKind::FunctionCallResponse,
            M::NegotiateProtocolVersion(_) => MessageKind::NegotiateProtocolVersion,
            M::NoData => MessageKind::NoData,
            M::NoticeResponse(_) => MessageKind::NoticeResponse,
            M::NotificationResponse(_) => MessageKind::NotificationResponse,
            M::ParameterDescription(_) => MessageKind::ParameterDescription,
            M::ParameterStatus(_) => MessageKind::ParameterStatus,
            M::ParseComplete => MessageKind::ParseComplete,
            M::PortalSuspended => MessageKind::PortalSuspended,
            M::ReadyForQuery(_) => MessageKind::ReadyForQuery,
            M::RowDescription(_) => MessageKind::RowDescription,
        }
    }

    /// Appends the message as the server would send it. Parsing is strict enough that
    /// `encode(parse(frame))` gives back the frame byte for byte (the fuzz target checks this).
    pub fn encode(&self, buf: &mut BytesMut) -> Result<(), EncodeError> {
        use BackendMessage as M;
        match self {
            M::Authentication(auth) => match auth {
                Authentication::Ok => authentication_ok(buf),
                Authentication::KerberosV5 => authentication_kerberos_v5(buf),
                Authentication::CleartextPassword => authentication_cleartext_password(buf),
                Authentication::Md5Password { salt } => authentication_md5_password(*salt, buf),
                Authentication::Gss => authentication_gss(buf),
                Authentication::GssContinue(data) => authentication_gss_continue(data, buf)?,
                Authentication::Sspi => authentication_sspi(buf),
                Authentication::Sasl(mechs) => authentication_sasl(mechs.iter(), buf)?,
                Authentication::SaslContinue(data) => authentication_sasl_continue(data, buf)?,
                Authentication::SaslFinal(data) => authentication_sasl_final(data, buf)?,
            },
            M::BackendKeyData(k) => backend_key_data(k.process_id(), k.secret_key(), buf)?,
            M::BindComplete => bind_complete(buf),
            M::CloseComplete => close_complete(buf),
            M::CommandComplete(c) => command_complete(c.tag(), buf)?,
            M::CopyData(d) => copy_data(d.data(), buf)?,
            M::CopyDone => copy_done(buf),
            M::CopyInResponse(r) => copy_in_response(r.format(), r.column_formats(), buf)?,
            M::CopyOutResponse(r) => copy_out_response(r.format(), r.column_formats(), buf)?,
            M::CopyBothResponse(r) => copy_both_response(r.format(), r.column_formats(), buf)?,
            M::DataRow(row) => data_row(row.fields(), buf)?,
            M::EmptyQueryResponse => empty_query_response(buf),
            M::ErrorResponse(e) => error_response(e.iter(), buf)?,
            M::FunctionCallResponse(f) => function_call_response(f.value().map(|v| &v[..]), buf)?,
            M::NegotiateProtocolVersion(n) => negotiate_protocol_version(
                n.newest_minor_version,
                n.unrecognized_options.iter().map(String::as_str),
                buf,
            )?,
            M::NoData => no_data(buf),
            M::NoticeResponse(n) => notice_response(n.iter(), buf)?,
            M::NotificationResponse(n) => {
                notification_response(n.process_id(), n.channel(), n.payload(), buf)?
            }
            M::ParameterDescription(p) => parameter_description(p.types(), buf)?,
            M::ParameterStatus(p) => parameter_status(p.name(), p.value(), buf)?,
            M::ParseComplete => parse_complete(buf),
            M::PortalSuspended => portal_suspended(buf),
            M::ReadyForQuery(r) => ready_for_query(r.status, buf),
            M::RowDescription(r) => row_description(r.fields(), buf)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_message_unknown_tag() {
        assert_eq!(
            BackendMessage::parse(b'x', Bytes::new()),
            Err(ProtocolError::UnknownTag { tag: b'x' })
        );
    }

    #[test]
    fn backend_empty_body_messages_reject_a_body() {
        for (tag, kind) in [
            (b'1', MessageKind::ParseComplete),
            (b'2', MessageKind::BindComplete),
            (b'3', MessageKind::CloseComplete),
            (b'n', MessageKind::NoData),
            (b'I', MessageKind::EmptyQueryResponse),
            (b's', MessageKind::PortalSuspended),
            (b'c', MessageKind::CopyDone),
        ] {
            assert_eq!(
                BackendMessage::parse(tag, Bytes::from_static(b"x")),
                Err(ProtocolError::TrailingData {
                    message: kind,
                    len: 1
                })
            );
            assert_eq!(
                BackendMessage::parse(tag, Bytes::new()).unwrap().kind(),
                kind
            );
        }
    }
}
