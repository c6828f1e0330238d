//! Fractional order keys for manual order: a key strictly between any two keys always exists, so
//! moving one photo writes one key and never renumbers its album. Keys are ASCII (`0-9A-Za-z`) and
//! compare bytewise, as SQLite compares TEXT. The scheme is David Greenspan's ("Implementing
//! Fractional Indexing"): a variable-length integer part (its head letter gives its length) then
//! a fraction, so appending at the end increments the integer and keys stay short.

const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ZERO: u8 = b'0';
const BASE: usize = 62;
/// The smallest integer part: a key never starts with it alone.
const SMALLEST_INTEGER: &[u8] = b"A00000000000000000000000000";

fn digit(c: u8) -> usize {
    DIGITS.iter().position(|d| *d == c).unwrap_or(0)
}

/// A fraction strictly between `a` and `b` (`b` = `None`: one), neither with a trailing zero.
fn midpoint(a: &[u8], b: Option<&[u8]>) -> Vec<u8> {
    if let Some(b) = b {
        let common = (0..b.len())
            .take_while(|&i| a.get(i).copied().unwrap_or(ZERO) == b[i])
            .count();
        if common > 0 {
            let mut out = b[..common].to_vec();
            out.extend(midpoint(a.get(common..).unwrap_or(&[]), Some(&b[common..])));
            return out;
        }
    }
    let digit_a = a.first().map_or(0, |c| digit(*c));
    let digit_b = b.and_then(|b| b.first()).map_or(BASE, |c| digit(*c));
    if digit_b - digit_a > 1 {
        return vec![DIGITS[(digit_a + digit_b).div_ceil(2)]];
    }
    match b {
        Some(b) if b.len() > 1 => b[..1].to_vec(),
        _ => {
            let mut out = vec![DIGITS[digit_a]];
            out.extend(midpoint(a.get(1..).unwrap_or(&[]), None));
            out
        }
    }
}

fn integer_length(head: u8) -> usize {
    match head {
        b'a'..=b'z' => usize::from(head - b'a') + 2,
        b'A'..=b'Z' => usize::from(b'Z' - head) + 2,
        _ => 1,
    }
}

fn split(key: &[u8]) -> (&[u8], &[u8]) {
    let n = integer_length(key[0]).min(key.len());
    key.split_at(n)
}

fn increment(integer: &[u8]) -> Option<Vec<u8>> {
    let head = integer[0];
    let mut digits = integer[1..].to_vec();
    for d in digits.iter_mut().rev() {
        let next = digit(*d) + 1;
        if next < BASE {
            *d = DIGITS[next];
            return Some([&[head], &digits[..]].concat());
        }
        *d = ZERO;
    }
    match head {
        b'Z' => Some(b"a0".to_vec()),
        b'z' => None,
        _ => {
            let head = head + 1;
            if head > b'a' {
                digits.push(ZERO);
            } else {
                digits.pop();
            }
            Some([&[head], &digits[..]].concat())
        }
    }
}

fn decrement(integer: &[u8]) -> Option<Vec<u8>> {
    let head = integer[0];
    let mut digits = integer[1..].to_vec();
    let top = DIGITS[BASE - 1];
    for d in digits.iter_mut().rev() {
        let value = digit(*d);
        if value > 0 {
            *d = DIGITS[value - 1];
            return Some([&[head], &digits[..]].concat());
        }
        *d = top;
    }
    match head {
        b'a' => Some(vec![b'Z', top]),
        b'A' => None,
        _ => {
            let head = head - 1;
            if head < b'Z' {
                digits.push(top);
            } else {
                digits.pop();
            }
            Some([&[head], &digits[..]].concat())
        }
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// A key strictly between `a` and `b` (either may be open). `a < b` when both are given; a pair
/// out of order, or equal, is treated as `a` alone (after `a`), so a corrupt order never panics.
pub fn between(a: Option<&str>, b: Option<&str>) -> String {
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) if a >= b => (Some(a), None),
        other => other,
    };
    let a = a.map(str::as_bytes).filter(|a| !a.is_empty());
    let b = b.map(str::as_bytes).filter(|b| !b.is_empty());
    match (a, b) {
        (None, None) => "a0".to_string(),
        (None, Some(b)) => {
            let (ib, fb) = split(b);
            if ib == SMALLEST_INTEGER {
                return text([ib, &midpoint(&[], Some(fb))[..]].concat());
            }
            if ib.len() < b.len() {
                return text(ib.to_vec());
            }
            match decrement(ib) {
                Some(k) => text(k),
                None => text([ib, &midpoint(&[], Some(fb))[..]].concat()),
            }
        }
        (Some(a), None) => {
            let (ia, fa) = split(a);
            match increment(ia) {
                Some(k) => text(k),
                None => text([ia, &midpoint(fa, None)[..]].concat()),
            }
        }
        (Some(a), Some(b)) => {
            let (ia, fa) = split(a);
            let (ib, fb) = split(b);
            if ia == ib {
                return text([ia, &midpoint(fa, Some(fb))[..]].concat());
            }
            match increment(ia) {
                Some(k) if k.as_slice() < b => text(k),
                _ => text([ia, &midpoint(fa, None)[..]].concat()),
            }
        }
    }
}

/// `n` ascending keys strictly between `a` and `b`: consecutive increments when `b` is open (short
/// keys for appends), else a balanced split so their length grows with log(n).
pub fn n_between(a: Option<&str>, b: Option<&str>, n: usize) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if b.is_none() {
        let mut keys = Vec::with_capacity(n);
        let mut last = a.map(str::to_string);
        for _ in 0..n {
            let key = between(last.as_deref(), None);
            keys.push(key.clone());
            last = Some(key);
        }
        return keys;
    }
    let mid = n / 2;
    let key = between(a, b);
    let mut keys = n_between(a, Some(&key), mid);
    keys.push(key.clone());
    keys.extend(n_between(Some(&key), b, n - mid - 1));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no test dependency needed).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, bound: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % bound.max(1)
        }
    }

    #[test]
    fn appends_stay_short_and_ordered() {
        let keys = n_between(None, None, 100_000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| k.len() <= 4), "{:?}", keys.last());
        let before = between(None, Some(&keys[0]));
        assert!(before < keys[0]);
    }

    #[test]
    fn random_inserts_keep_a_total_order() {
        let mut rng = Lcg(7);
        let mut keys: Vec<String> = vec![between(None, None)];
        for _ in 0..5_000 {
            let i = rng.next(keys.len() + 1);
            let a = i.checked_sub(1).map(|j| keys[j].as_str());
            let b = keys.get(i).map(String::as_str);
            let key = between(a, b);
            assert!(a.is_none_or(|a| a < key.as_str()), "{a:?} < {key}");
            assert!(b.is_none_or(|b| key.as_str() < b), "{key} < {b:?}");
            keys.insert(i, key);
        }
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn repeated_inserts_at_one_spot_grow_slowly() {
        let (mut a, b) = ("a0".to_string(), "a1".to_string());
        for _ in 0..1_000 {
            a = between(Some(&a), Some(&b));
        }
        // Each insert at one spot halves the gap: about one bit of a 5.95-bit digit.
        assert!(a < b && a.len() < 250, "{}", a.len());
        let mut c = "a1".to_string();
        for _ in 0..1_000 {
            c = between(Some("a0"), Some(&c));
        }
        assert!("a0" < c.as_str() && c.len() < 250);
    }

    #[test]
    fn n_keys_between_two_are_inside_and_ordered() {
        let keys = n_between(Some("a0"), Some("a1"), 10_000);
        assert_eq!(keys.len(), 10_000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys[0].as_str() > "a0" && keys[9_999].as_str() < "a1");
        assert!(keys.iter().all(|k| k.len() < 12));
    }

    #[test]
    fn out_of_order_bounds_do_not_panic() {
        let k = between(Some("b00"), Some("a5"));
        assert!(k.as_str() > "b00");
        assert!(between(Some("a5"), Some("a5")).as_str() > "a5");
    }
}
