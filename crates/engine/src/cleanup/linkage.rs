//! Complete-linkage grouping: edges are taken closest first, and two groups merge only when every
//! member of one has an edge to every member of the other, so A–B–C never chains into one group
//! unless A and C match too. Groups are capped in size, and each photo keeps only its closest edges.

use std::collections::HashMap;

/// A group found: its members (indexes, ascending) and the worst rank among its pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub members: Vec<u32>,
    pub worst: u32,
}

/// Groups `n` nodes by `edges` `(a, b, rank)` (lower rank = closer; a pair listed twice keeps its
/// lowest), at most `cap` members each, each node keeping its `cap` closest edges.
pub fn cluster(n: usize, mut edges: Vec<(u32, u32, u32)>, cap: usize) -> Vec<Cluster> {
    for e in edges.iter_mut() {
        if e.0 > e.1 {
            std::mem::swap(&mut e.0, &mut e.1);
        }
    }
    edges.retain(|e| e.0 != e.1);
    edges.sort_unstable_by_key(|e| (e.2, e.0, e.1));
    let mut rank: HashMap<(u32, u32), u32> = HashMap::with_capacity(edges.len());
    let mut degree = vec![0usize; n];
    let mut kept = Vec::with_capacity(edges.len());
    for (a, b, r) in edges {
        if rank.contains_key(&(a, b)) || degree[a as usize] >= cap || degree[b as usize] >= cap {
            continue;
        }
        degree[a as usize] += 1;
        degree[b as usize] += 1;
        rank.insert((a, b), r);
        kept.push((a, b));
    }
    let mut group_of: Vec<u32> = (0..n as u32).collect();
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    let link = |x: u32, y: u32| rank.get(&(x.min(y), x.max(y))).copied();
    for (a, b) in kept {
        let (ga, gb) = (group_of[a as usize], group_of[b as usize]);
        if ga == gb {
            continue;
        }
        let ma = members.get(&ga).cloned().unwrap_or_else(|| vec![ga]);
        let mb = members.get(&gb).cloned().unwrap_or_else(|| vec![gb]);
        if ma.len() + mb.len() > cap {
            continue;
        }
        if !ma.iter().all(|x| mb.iter().all(|y| link(*x, *y).is_some())) {
            continue;
        }
        let (keep, gone, mut moved) = if ma.len() >= mb.len() {
            (ga, gb, mb)
        } else {
            (gb, ga, ma.clone())
        };
        for m in &moved {
            group_of[*m as usize] = keep;
        }
        members.remove(&gone);
        let entry = members.entry(keep).or_insert_with(|| vec![keep]);
        entry.append(&mut moved);
    }
    let mut clusters: Vec<Cluster> = members
        .into_values()
        .map(|mut m| {
            m.sort_unstable();
            let mut worst = 0;
            for (i, x) in m.iter().enumerate() {
                for y in &m[i + 1..] {
                    worst = worst.max(link(*x, *y).unwrap_or(0));
                }
            }
            Cluster { members: m, worst }
        })
        .collect();
    clusters.sort_unstable_by_key(|c| c.members[0]);
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_does_not_become_one_group() {
        // A–B close, B–C close, A–C not linked: two groups at most, never A, B and C.
        let groups = cluster(3, vec![(0, 1, 1), (1, 2, 2)], 64);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, vec![0, 1]);
        let groups = cluster(3, vec![(0, 1, 1), (1, 2, 2), (0, 2, 5)], 64);
        assert_eq!(groups[0].members, vec![0, 1, 2]);
        assert_eq!(groups[0].worst, 5);
    }

    #[test]
    fn groups_are_capped() {
        let mut edges = Vec::new();
        for a in 0..100u32 {
            for b in a + 1..100 {
                edges.push((a, b, 1));
            }
        }
        let groups = cluster(100, edges, 64);
        assert!(groups.iter().all(|g| g.members.len() <= 64));
        assert_eq!(groups[0].members.len(), 64);
    }
}
