//! Authentication, pure: the SCRAM-SHA-256(-PLUS) client, `tls-server-end-point` channel binding,
//! the SASL mechanism choice, MD5, and the `require_auth`/`channel_binding` policy. Takes and
//! returns byte slices; never touches a socket, a runtime or a clock.
//! <https://www.postgresql.org/docs/current/auth-password.html>

mod channel_binding;
mod error;
mod md5;
mod mechanism;
mod request;
mod require_auth;
mod saslprep;
mod scram;

pub use channel_binding::{ChannelBinding, tls_server_end_point_hash};
pub use error::{
    AuthConfigError, AuthError, CertificateField, ScramMessage, ScramServerError, ScramStep,
    UnsupportedMethod,
};
pub use md5::md5_hash;
pub use mechanism::{
    ChannelBindingMode, SCRAM_SHA_256, SCRAM_SHA_256_PLUS, SaslMechanism, SaslSelection,
    select_sasl_mechanism,
};
pub use request::AuthRequest;
pub use require_auth::{AuthPolicy, AuthProgress, RequireAuth};
pub use saslprep::saslprep_password;
// For scripted SCRAM servers in tests and fuzz seeds.
pub use scram::{
    DEFAULT_MAX_ITERATIONS, DEFAULT_MAX_MESSAGE_LEN, ScramLimits, ScramSha256, ServerVerified,
};
pub(crate) use scram::{hi as scram_hi, hmac as scram_hmac};
