//! The min-cost assignment behind automatic pairing.
//!
//! Participants are sources of one unit each, mentors are sinks whose k-th
//! place costs `slot(mentor, k)` (non-decreasing in k, so places fill in
//! order and load spreads), and `edge(participant, mentor)` is the cost of a
//! pairing. Participants join one at a time by successive shortest paths:
//! after each join the assignment is the cheapest one for everyone placed so
//! far (no cycle of moves in the residual graph lowers the cost), so the
//! final one is optimal.
//!
//! The residual graph is kept over mentors only: moving someone from mentor
//! `a` to mentor `b` costs `edge(q, b) − edge(q, a)`, and only the cheapest
//! such `q` at `a` matters for a shortest path, so `best[a][b]` holds it.
//! A shortest path is then a dense Dijkstra over the mentors (plus the sink)
//! with potentials, stopping once the sink is settled: O(mentors²) per
//! participant, however many participants there are. Rows of `best` change
//! only for mentors on the path.

const NONE: usize = usize::MAX;
const INF: i128 = i128::MAX / 4;

/// Assigns each of `participants` participants a mentor, minimising the sum
/// of `edge` plus the places' `slot` costs. `free[j]` is how many places
/// mentor `j` still has and `used[j]` how many it has used (so the next place
/// is `slot(j, used[j] + 1)`). The caller checks that the places suffice.
/// Returns each participant's mentor index; deterministic for the same input.
pub(super) fn assign(
    participants: usize,
    free: &[u32],
    used: &[u32],
    edge: impl Fn(usize, usize) -> i128,
    slot: impl Fn(usize, u32) -> i128,
) -> Vec<usize> {
    let m = free.len();
    let sink = m;
    let mut at = vec![NONE; participants];
    let mut members: Vec<Vec<usize>> = vec![vec![]; m];
    let mut room: Vec<u32> = free.to_vec();
    let mut load: Vec<u32> = used.to_vec();
    // best[a * m + b]: the cheapest move from a to b and who makes it.
    let mut best: Vec<(i128, usize)> = vec![(INF, NONE); m * m];
    // Potentials of the mentors and of the sink (index m).
    let mut phi = vec![0i128; m + 1];
    let mut dist = vec![INF; m + 1];
    let mut prev = vec![NONE; m + 1];
    let mut settled = vec![false; m + 1];

    for p in 0..participants {
        // Multi-source start: p can join any mentor directly.
        for b in 0..m {
            dist[b] = edge(p, b);
            prev[b] = NONE;
            settled[b] = false;
        }
        dist[sink] = INF;
        prev[sink] = NONE;
        settled[sink] = false;
        loop {
            // The unsettled node of least reduced distance; the sink wins ties.
            let mut x = NONE;
            let mut rx = INF * 2;
            if dist[sink] < INF {
                x = sink;
                rx = dist[sink] - phi[sink];
            }
            for b in 0..m {
                if !settled[b] {
                    let r = dist[b] - phi[b];
                    if r < rx {
                        rx = r;
                        x = b;
                    }
                }
            }
            if x == sink || x == NONE {
                break;
            }
            settled[x] = true;
            if room[x] > 0 {
                let via = dist[x] + slot(x, load[x] + 1);
                if via < dist[sink] {
                    dist[sink] = via;
                    prev[sink] = x;
                }
            }
            if members[x].is_empty() {
                continue;
            }
            let row = &best[x * m..(x + 1) * m];
            let dx = dist[x];
            for (y, &(w, _)) in row.iter().enumerate() {
                if w < INF && !settled[y] && dx + w < dist[y] {
                    dist[y] = dx + w;
                    prev[y] = x;
                }
            }
        }
        // Potentials stay feasible: settled nodes take their distance, the
        // others the sink's (Dijkstra stopped early there).
        let reach = dist[sink] - phi[sink];
        for y in 0..=m {
            let r = if dist[y] < INF {
                dist[y] - phi[y]
            } else {
                reach
            };
            phi[y] += r.min(reach);
        }

        // Walk the path back from the sink: each hop a → b moves best[a][b]'s
        // participant from a to b; the first mentor takes p.
        let Some(&last) = prev.get(sink).filter(|&&l| l != NONE) else {
            break; // no room anywhere: the caller's check makes this unreachable
        };
        // Mentors that lost someone get their row again; the last one only
        // gained, so its row just takes the newcomer's moves.
        let mut lost = vec![];
        let mut b = last;
        let mut joined = p;
        while prev[b] != NONE {
            let a = prev[b];
            let q = best[a * m + b].1;
            if let Some(pos) = members[a].iter().position(|&x| x == q) {
                members[a].remove(pos);
            }
            members[b].push(q);
            at[q] = b;
            if b == last {
                joined = q;
            }
            lost.push(a);
            b = a;
        }
        members[b].push(p);
        at[p] = b;
        room[last] -= 1;
        load[last] += 1;
        let mut row_of = |a: usize, who: &[usize], fresh: bool| {
            let row = &mut best[a * m..(a + 1) * m];
            if fresh {
                row.fill((INF, NONE));
            }
            for &q in who {
                let here = edge(q, a);
                for (y, cell) in row.iter_mut().enumerate() {
                    if y != a {
                        let w = edge(q, y) - here;
                        if w < cell.0 {
                            *cell = (w, q);
                        }
                    }
                }
            }
        };
        for &a in &lost {
            let who = std::mem::take(&mut members[a]);
            row_of(a, &who, true);
            members[a] = who;
        }
        row_of(last, &[joined], false);
    }
    at
}
