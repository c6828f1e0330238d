//! Nearest-neighbour search in the implicit k-d tree `build.rs` laid out: the node of a range
//! `lo..hi` is its middle element, the smaller half of the split axis before it, the larger after.
//! Points are unit vectors, so distance is the chord: the same order as great-circle distance,
//! with no seam at the antimeridian and no singularity at the poles.

/// The index of the point nearest to `query` whose squared chord distance is at most `limit2`,
/// or `None` when there is none that close. Ties go to the lower index.
pub fn nearest(points: &[[f32; 3]], axes: &[u8], query: [f32; 3], limit2: f32) -> Option<usize> {
    let mut best = Best {
        index: None,
        dist2: limit2,
    };
    search(points, axes, query, 0, points.len(), &mut best);
    best.index
}

struct Best {
    index: Option<usize>,
    dist2: f32,
}

fn search(points: &[[f32; 3]], axes: &[u8], q: [f32; 3], lo: usize, hi: usize, best: &mut Best) {
    if lo >= hi {
        return;
    }
    let mid = lo + (hi - lo) / 2;
    let p = points[mid];
    let d2 = (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2);
    if d2 < best.dist2 || (d2 == best.dist2 && best.index.is_none_or(|b| mid < b)) {
        best.dist2 = d2;
        best.index = Some(mid);
    }
    let axis = usize::from(axes[mid]);
    let diff = q[axis] - p[axis];
    let (near, far) = if diff <= 0.0 {
        ((lo, mid), (mid + 1, hi))
    } else {
        ((mid + 1, hi), (lo, mid))
    };
    search(points, axes, q, near.0, near.1, best);
    if diff * diff <= best.dist2 {
        search(points, axes, q, far.0, far.1, best);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same layout `build.rs` makes, for a handful of points.
    fn layout(points: &mut [[f32; 3]], axes: &mut [u8]) {
        if points.is_empty() {
            return;
        }
        let axis = (0..3)
            .max_by(|&a, &b| {
                let spread = |k: usize| {
                    let (lo, hi) = points.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
                        (lo.min(p[k]), hi.max(p[k]))
                    });
                    hi - lo
                };
                spread(a).total_cmp(&spread(b))
            })
            .unwrap();
        let mid = points.len() / 2;
        points.select_nth_unstable_by(mid, |a, b| a[axis].total_cmp(&b[axis]));
        axes[mid] = axis as u8;
        let (left, rest) = points.split_at_mut(mid);
        let (left_axes, rest_axes) = axes.split_at_mut(mid);
        layout(left, left_axes);
        layout(&mut rest[1..], &mut rest_axes[1..]);
    }

    #[test]
    fn finds_what_a_scan_finds() {
        // a deterministic cloud of 2,000 points and 500 queries
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
        };
        let mut points: Vec<[f32; 3]> = (0..2000).map(|_| [next(), next(), next()]).collect();
        let mut axes = vec![0u8; points.len()];
        layout(&mut points, &mut axes);
        let dist2 = |a: [f32; 3], b: [f32; 3]| (0..3).map(|k| (a[k] - b[k]).powi(2)).sum::<f32>();
        for _ in 0..500 {
            let q = [next(), next(), next()];
            let limit2 = 0.05;
            let scan = points
                .iter()
                .enumerate()
                .filter(|(_, p)| dist2(**p, q) <= limit2)
                .min_by(|a, b| dist2(*a.1, q).total_cmp(&dist2(*b.1, q)))
                .map(|(i, _)| i);
            let found = nearest(&points, &axes, q, limit2);
            assert_eq!(
                found.map(|i| dist2(points[i], q)),
                scan.map(|i| dist2(points[i], q))
            );
        }
        assert_eq!(nearest(&[], &[], [1.0, 0.0, 0.0], 4.0), None);
    }
}
