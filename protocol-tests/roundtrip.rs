//! Property round trips: random field contents encoded, split and parsed back give the same
//! fields; a NUL inside a C string is refused and leaves the buffer as it was.

use std::convert::Infallible;

use bytes::{Bytes, BytesMut};
use pgline::protocol::backend::{
    self, Authentication, BackendKeyData, CommandComplete, CopyOutResponse, DataRow, ErrorResponse,
    FieldDescription, NegotiateProtocolVersion, NotificationResponse, ParameterDescription,
    ParameterStatus, RowDescription,
};
use pgline::protocol::frontend::{
    self, Bind, CancelRequest, FrontendMessage, Parse, SaslInitialResponse, StartupMessage,
    StartupPacket,
};
use pgline::protocol::{EncodeError, Format, IsNull, ObjectKind, ProtocolVersion};
use proptest::prelude::*;

use crate::support::{body, frontend as parse_frontend, startup};

/// Any string without a NUL (the encoders refuse those in C strings).
fn text() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|s| s.replace('\0', ""))
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![Just(Format::Text), Just(Format::Binary)]
}

fn encode(f: impl FnOnce(&mut BytesMut)) -> Vec<u8> {
    let mut buf = BytesMut::new();
    f(&mut buf);
    buf.to_vec()
}

proptest! {
    #[test]
    fn data_row_round_trip(fields in prop::collection::vec(prop::option::of(prop::collection::vec(any::<u8>(), 0..40)), 0..20)) {
        let bytes = encode(|b| backend::data_row(fields.iter().map(|f| f.as_deref()), b).unwrap());
        let row = DataRow::parse(body(&bytes, b'D')).unwrap();
        prop_assert_eq!(row.len(), fields.len());
        let got: Vec<Option<Vec<u8>>> = row.fields().map(|f| f.map(<[u8]>::to_vec)).collect();
        prop_assert_eq!(&got, &fields);
        for (range, field) in row.ranges().zip(&fields) {
            prop_assert_eq!(range.map(|r| row.buffer()[r].to_vec()), field.clone());
        }
    }

    #[test]
    fn row_description_round_trip(cols in prop::collection::vec((text(), any::<u32>(), any::<i16>(), any::<u32>(), any::<i16>(), any::<i32>(), format()), 0..10)) {
        let fields: Vec<FieldDescription<'_>> = cols
            .iter()
            .map(|(name, table_oid, column_id, type_oid, type_size, type_modifier, format)| FieldDescription {
                name,
                table_oid: *table_oid,
                column_id: *column_id,
                type_oid: *type_oid,
                type_size: *type_size,
                type_modifier: *type_modifier,
                format: *format,
            })
            .collect();
        let bytes = encode(|b| backend::row_description(fields.iter().copied(), b).unwrap());
        let rd = RowDescription::parse(body(&bytes, b'T')).unwrap();
        prop_assert_eq!(rd.fields().collect::<Vec<_>>(), fields);
    }

    #[test]
    fn error_response_round_trip(fields in prop::collection::vec((1u8.., text()), 0..12)) {
        let bytes = encode(|b| backend::error_response(fields.iter().map(|(c, v)| (*c, v.as_str())), b).unwrap());
        let e = ErrorResponse::parse(body(&bytes, b'E')).unwrap();
        let got: Vec<(u8, String)> = e.iter().map(|(c, v)| (c, v.to_owned())).collect();
        prop_assert_eq!(got, fields);
    }

    #[test]
    fn command_complete_rows_round_trip(command in prop::sample::select(vec!["UPDATE", "DELETE", "SELECT", "MERGE", "MOVE", "FETCH", "COPY"]), rows in any::<u64>(), oid in any::<u32>()) {
        let tag = format!("{command} {rows}");
        let bytes = encode(|b| backend::command_complete(&tag, b).unwrap());
        let cc = CommandComplete::parse(body(&bytes, b'C')).unwrap();
        prop_assert_eq!(cc.tag(), tag.as_str());
        prop_assert_eq!(cc.rows(), Some(rows));
        let insert = format!("INSERT {oid} {rows}");
        let bytes = encode(|b| backend::command_complete(&insert, b).unwrap());
        prop_assert_eq!(CommandComplete::parse(body(&bytes, b'C')).unwrap().rows(), Some(rows));
    }

    #[test]
    fn small_backend_messages_round_trip(name in text(), value in text(), pid in any::<i32>(), key in prop::collection::vec(any::<u8>(), 4..=256), oids in prop::collection::vec(any::<u32>(), 0..50)) {
        let bytes = encode(|b| backend::parameter_status(&name, &value, b).unwrap());
        let ps = ParameterStatus::parse(body(&bytes, b'S')).unwrap();
        prop_assert_eq!((ps.name(), ps.value()), (name.as_str(), value.as_str()));

        let bytes = encode(|b| backend::notification_response(pid, &name, &value, b).unwrap());
        let n = NotificationResponse::parse(body(&bytes, b'A')).unwrap();
        prop_assert_eq!((n.process_id(), n.channel(), n.payload()), (pid, name.as_str(), value.as_str()));

        let bytes = encode(|b| backend::backend_key_data(pid, &key, b).unwrap());
        let k = BackendKeyData::parse(body(&bytes, b'K')).unwrap();
        prop_assert_eq!((k.process_id(), &k.secret_key()[..]), (pid, &key[..]));

        let bytes = encode(|b| backend::parameter_description(oids.iter().copied(), b).unwrap());
        let pd = ParameterDescription::parse(body(&bytes, b't')).unwrap();
        prop_assert_eq!(pd.types().collect::<Vec<_>>(), oids);
    }

    #[test]
    fn authentication_and_copy_round_trip(mechs in prop::collection::vec(text().prop_filter("non-empty", |s| !s.is_empty()), 0..5), data in prop::collection::vec(any::<u8>(), 0..100), formats in prop::collection::vec(format(), 0..20), options in prop::collection::vec(text(), 0..5), minor in any::<i32>()) {
        let bytes = encode(|b| backend::authentication_sasl(mechs.iter().map(String::as_str), b).unwrap());
        let Authentication::Sasl(got) = Authentication::parse(body(&bytes, b'R')).unwrap() else {
            panic!("not SASL");
        };
        prop_assert_eq!(got.iter().collect::<Vec<_>>(), mechs.iter().map(String::as_str).collect::<Vec<_>>());

        let bytes = encode(|b| backend::authentication_sasl_continue(&data, b).unwrap());
        prop_assert_eq!(Authentication::parse(body(&bytes, b'R')).unwrap(), Authentication::SaslContinue(Bytes::from(data.clone())));

        let bytes = encode(|b| backend::copy_out_response(Format::Binary, &formats, b).unwrap());
        let r = CopyOutResponse::parse(body(&bytes, b'H')).unwrap();
        prop_assert_eq!(r.column_formats(), &formats[..]);

        let bytes = encode(|b| backend::negotiate_protocol_version(minor, options.iter().map(String::as_str), b).unwrap());
        let n = NegotiateProtocolVersion::parse(body(&bytes, b'v')).unwrap();
        prop_assert_eq!((n.newest_minor_version, &n.unrecognized_options), (minor, &options));
    }

    #[test]
    fn bind_round_trip(portal in text(), statement in text(), param_formats in prop::collection::vec(format(), 0..5), params in prop::collection::vec(prop::option::of(prop::collection::vec(any::<u8>(), 0..30)), 0..10), result_formats in prop::collection::vec(format(), 0..5)) {
        let bytes = encode(|b| {
            frontend::bind(&portal, &statement, param_formats.iter().copied(), &params, |p, buf| {
                Ok::<_, Infallible>(match p {
                    Some(v) => { buf.extend_from_slice(v); IsNull::No }
                    None => IsNull::Yes,
                })
            }, result_formats.iter().copied(), b).unwrap()
        });
        let expected = Bind {
            portal,
            statement,
            param_formats,
            params: params.into_iter().map(|p| p.map(Bytes::from)).collect(),
            result_formats,
        };
        prop_assert_eq!(parse_frontend(&bytes), FrontendMessage::Bind(expected));
    }

    #[test]
    fn extended_query_messages_round_trip(name in text(), query in text(), oids in prop::collection::vec(any::<u32>(), 0..20), max_rows in any::<i32>(), portal in any::<bool>()) {
        let bytes = encode(|b| frontend::parse(&name, &query, oids.iter().copied(), b).unwrap());
        prop_assert_eq!(parse_frontend(&bytes), FrontendMessage::Parse(Parse { name: name.clone(), query: query.clone(), param_type_oids: oids }));

        let bytes = encode(|b| frontend::execute(&name, max_rows, b).unwrap());
        let FrontendMessage::Execute(e) = parse_frontend(&bytes) else { panic!("not Execute") };
        prop_assert_eq!((e.portal.as_str(), e.max_rows), (name.as_str(), max_rows));

        let kind = if portal { ObjectKind::Portal } else { ObjectKind::Statement };
        let bytes = encode(|b| frontend::describe(kind, &name, b).unwrap());
        let FrontendMessage::Describe(d) = parse_frontend(&bytes) else { panic!("not Describe") };
        prop_assert_eq!((d.kind, d.name.as_str()), (kind, name.as_str()));

        let bytes = encode(|b| frontend::close(kind, &name, b).unwrap());
        let FrontendMessage::Close(c) = parse_frontend(&bytes) else { panic!("not Close") };
        prop_assert_eq!((c.kind, c.name.as_str()), (kind, name.as_str()));

        let bytes = encode(|b| frontend::query(&query, b).unwrap());
        let FrontendMessage::Query(q) = parse_frontend(&bytes) else { panic!("not Query") };
        prop_assert_eq!(q.sql, query);
    }

    #[test]
    fn startup_phase_round_trip(params in prop::collection::vec((text().prop_filter("non-empty", |s| !s.is_empty()), text()), 0..6), minor in 0u16..4, pid in any::<i32>(), key in prop::collection::vec(any::<u8>(), 4..=256), mechanism in text().prop_filter("non-empty", |s| !s.is_empty()), data in prop::option::of(prop::collection::vec(any::<u8>(), 0..64))) {
        let version = ProtocolVersion { major: 3, minor };
        let bytes = encode(|b| frontend::startup_message(version, params.iter().map(|(k, v)| (k, v)), b).unwrap());
        prop_assert_eq!(startup(&bytes), StartupPacket::Startup(StartupMessage { version, params }));

        let bytes = encode(|b| frontend::cancel_request(pid, &key, b).unwrap());
        prop_assert_eq!(startup(&bytes), StartupPacket::Cancel(CancelRequest { process_id: pid, secret_key: Bytes::from(key) }));

        let bytes = encode(|b| frontend::sasl_initial_response(&mechanism, data.as_deref(), b).unwrap());
        prop_assert_eq!(
            SaslInitialResponse::parse(body(&bytes, b'p')).unwrap(),
            SaslInitialResponse { mechanism, data: data.map(Bytes::from) }
        );
    }

    #[test]
    fn nul_in_a_c_string_is_refused_and_buffer_untouched(prefix in text(), suffix in text(), existing in prop::collection::vec(any::<u8>(), 0..20)) {
        let bad = format!("{prefix}\0{suffix}");
        let mut buf = BytesMut::from(&existing[..]);
        let results = [
            frontend::query(&bad, &mut buf),
            frontend::parse(&bad, "q", [], &mut buf),
            frontend::execute(&bad, 0, &mut buf),
            frontend::describe(ObjectKind::Portal, &bad, &mut buf),
            frontend::copy_fail(&bad, &mut buf),
            frontend::password_message(bad.as_bytes(), &mut buf),
            backend::command_complete(&bad, &mut buf),
            backend::parameter_status("a", &bad, &mut buf),
        ];
        for r in results {
            let refused = matches!(r, Err(EncodeError::NulInString { .. }));
            prop_assert!(refused, "accepted a NUL: {:?}", r);
        }
        prop_assert_eq!(&buf[..], &existing[..]);
    }
}
