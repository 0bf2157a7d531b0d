//! Credentials: Argon2id password hashes, TOTP, API tokens and console sessions, and the login
//! rate limiter. Secrets live in the store's credential tables, never in the shared record; only
//! their SHA-256 hashes are kept for tokens and sessions.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// A random id for a new record: 16 lowercase hex digits after `prefix`.
pub fn random_id(prefix: &str) -> String {
    format!("{prefix}{}", hex::encode(random_bytes::<8>()))
}

/// SHA-256 of a secret, as stored.
pub fn secret_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Checks a new password against the policy.
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!("must be at least {MIN_PASSWORD} characters"));
    }
    if password.chars().count() > 1024 {
        return Err("must be at most 1024 characters".into());
    }
    Ok(())
}

/// Hashes a password with Argon2id (default parameters, random salt) into a PHC string. Slow by
/// design: call it from a blocking thread.
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("hashing a bounded password with default parameters succeeds")
        .to_string()
}

/// Whether `password` matches the PHC string `stored`. Slow by design: call it from a blocking
/// thread.
pub fn verify_password(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A freshly generated password for demo accounts: 16 characters from a readable alphabet.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    random_bytes::<16>()
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// A new API token: its public id and the full secret text `fct_<id>_<secret>`, shown once.
pub fn new_api_token() -> (String, String) {
    let id = hex::encode(random_bytes::<6>());
    let secret = URL_SAFE_NO_PAD.encode(random_bytes::<32>());
    let text = format!("fct_{id}_{secret}");
    (id, text)
}

/// A new console session secret (the cookie value).
pub fn new_session_secret() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A new CSRF token for a session.
pub fn new_csrf_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<24>())
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, one step of skew).
pub mod totp {
    use totp_rs::{Builder, Secret, Totp};

    fn totp(secret_base32: &str) -> Option<Totp> {
        let secret = Secret::try_from_base32(secret_base32).ok()?;
        Builder::new().with_secret(secret).build().ok()
    }

    /// A new random secret, base32-encoded.
    pub fn new_secret() -> String {
        Secret::from(super::random_bytes::<20>().to_vec()).to_base32()
    }

    /// Whether `code` is valid for the secret at `unix_seconds`.
    pub fn check(secret_base32: &str, code: &str, unix_seconds: u64) -> bool {
        totp(secret_base32).is_some_and(|t| t.check(code.trim(), unix_seconds).is_some())
    }

    /// The current code, for tests and the command line.
    pub fn code(secret_base32: &str, unix_seconds: u64) -> Option<String> {
        totp(secret_base32).map(|t| t.generate(unix_seconds).to_string())
    }

    /// The `otpauth://` URI that authenticator apps import.
    pub fn uri(user: &str, secret_base32: &str) -> String {
        format!(
            "otpauth://totp/FusionCell:{user}?secret={secret_base32}&issuer=FusionCell&algorithm=SHA1&digits=6&period=30"
        )
    }
}

/// Limits failed login attempts per account and per client address within a window.
pub struct LoginLimiter {
    window: Duration,
    per_account: usize,
    per_address: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// A limiter allowing `per_account` and `per_address` failures per `window`.
    pub fn new(window: Duration, per_account: usize, per_address: usize) -> LoginLimiter {
        LoginLimiter {
            window,
            per_account,
            per_address,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn recent(
        &self,
        map: &mut HashMap<String, VecDeque<Instant>>,
        key: &str,
        now: Instant,
    ) -> usize {
        let Some(list) = map.get_mut(key) else {
            return 0;
        };
        while list
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.window)
        {
            list.pop_front();
        }
        list.len()
    }

    /// `Err(seconds to wait)` when either the account or the address is over its limit.
    pub fn check(&self, account: &str, address: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let over = self.recent(&mut map, &format!("u:{account}"), now) >= self.per_account
            || self.recent(&mut map, &format!("a:{address}"), now) >= self.per_address;
        if over {
            Err(self.window.as_secs())
        } else {
            Ok(())
        }
    }

    /// Records a failed attempt.
    pub fn failed(&self, account: &str, address: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in [format!("u:{account}"), format!("a:{address}")] {
            map.entry(key).or_default().push_back(now);
        }
        // Bound memory under a flood of distinct names.
        if map.len() > 100_000 {
            map.retain(|_, v| {
                v.back()
                    .is_some_and(|t| now.duration_since(*t) <= self.window)
            });
        }
    }

    /// Forgets an account's failures after a successful login.
    pub fn succeeded(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("u:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let phc = hash_password("correct horse battery");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password(&phc, "correct horse battery"));
        assert!(!verify_password(&phc, "wrong horse battery"));
        assert!(!verify_password("not a hash", "x"));
        assert!(check_new_password("short").is_err());
    }

    #[test]
    fn totp_codes_check_within_skew() {
        let secret = totp::new_secret();
        let code = totp::code(&secret, 1_000_000).unwrap();
        assert!(totp::check(&secret, &code, 1_000_000));
        assert!(totp::check(&secret, &code, 1_000_030));
        assert!(!totp::check(&secret, &code, 1_000_300));
        assert!(!totp::check("!!", &code, 1_000_000));
    }

    #[test]
    fn the_limiter_blocks_after_too_many_failures() {
        let limiter = LoginLimiter::new(Duration::from_secs(60), 3, 5);
        for _ in 0..3 {
            assert!(limiter.check("a", "1.1.1.1").is_ok());
            limiter.failed("a", "1.1.1.1");
        }
        assert!(limiter.check("a", "2.2.2.2").is_err(), "per account");
        assert!(limiter.check("b", "1.1.1.1").is_ok());
        limiter.failed("b", "1.1.1.1");
        limiter.failed("c", "1.1.1.1");
        assert!(limiter.check("d", "1.1.1.1").is_err(), "per address");
        limiter.succeeded("a");
        assert!(limiter.check("a", "2.2.2.2").is_ok());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (id1, t1) = new_api_token();
        let (id2, t2) = new_api_token();
        assert_ne!(id1, id2);
        assert!(t1.starts_with(&format!("fct_{id1}_")));
        assert_ne!(secret_hash(&t1), secret_hash(&t2));
        assert!(same_secret(&t1, &t1.clone()) && !same_secret(&t1, &t2));
    }
}
