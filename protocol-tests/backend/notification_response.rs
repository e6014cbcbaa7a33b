//! NotificationResponse vectors (tag 'A').

use pgline::protocol::backend::{self, NotificationResponse};

use crate::support::{Vector, body, encoded};

pub fn notification() -> Vec<u8> {
    wire![
        b'A',                // Byte1('A'): NotificationResponse
        &[0, 0, 0, 21],      // Int32: length 4 + 4 + 5 + 8
        &[0, 0, 0x10, 0xe1], // Int32: notifying process id 4321
        b"jobs\0",           // String: channel
        b"payload\0",        // String: payload
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("notification_response", notification())]
}

#[test]
fn notification_response_fields() {
    let n = NotificationResponse::parse(body(&notification(), b'A')).unwrap();
    assert_eq!(
        (n.process_id(), n.channel(), n.payload()),
        (4321, "jobs", "payload")
    );
    assert_eq!(
        encoded(|b| backend::notification_response(4321, "jobs", "payload", b).unwrap()),
        notification()
    );
}
