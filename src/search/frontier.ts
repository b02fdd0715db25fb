/**
 * Pareto frontiers of interactivity against efficiency, and their reading at a level: per-user
 * speed (x) and throughput per MW, per $ or per chip (y), both better when larger. A frontier
 * is sorted by x rising and y falling; read at a level it is interpolated linearly between the
 * two points around it, never extrapolated past its fastest point.
 */

export interface XY {
  x: number;
  y: number;
}

/** The points no other point beats on both x and y, by x rising (y then falls). Ties keep the first given. */
export function paretoFront<T extends XY>(points: readonly T[]): T[] {
  const sorted = [...points]
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => b.x - a.x || b.y - a.y);
  const front: T[] = [];
  let bestY = -Infinity;
  for (const p of sorted) {
    if (p.y > bestY) {
      front.push(p);
      bestY = p.y;
    }
  }
  return front.reverse();
}

/**
 * At most `max` points of a frontier spread evenly along it in log x and log y together (so a
 * steep stretch, where y falls fast for a little more speed, gets points too): the slowest and the
 * fastest always, between them the point nearest each evenly spaced distance. Fewer when the
 * frontier has fewer.
 */
export function thinFront<T extends XY>(front: readonly T[], max: number): T[] {
  if (front.length <= max) return [...front];
  const along = [0];
  for (let i = 1; i < front.length; i++)
    along.push(
      along[i - 1] +
        Math.hypot(
          Math.log(front[i].x / front[i - 1].x),
          Math.log(Math.max(front[i - 1].y, 1e-12) / Math.max(front[i].y, 1e-12)),
        ),
    );
  const total = along[along.length - 1];
  const picked = new Set<number>([0, front.length - 1]);
  for (let k = 1; k < max - 1; k++) {
    const target = (total * k) / (max - 1);
    let best = -1;
    for (let i = 0; i < front.length; i++) {
      if (picked.has(i)) continue;
      if (best < 0 || Math.abs(along[i] - target) < Math.abs(along[best] - target)) best = i;
    }
    if (best >= 0) picked.add(best);
  }
  return [...picked].sort((a, b) => a - b).map((i) => front[i]);
}

/** A frontier read at a level of x. */
export interface Reading {
  y: number;
  /** The frontier points the reading lies between (equal when it falls on one, or below the slowest). */
  below: number;
  above: number;
}

/**
 * y of a frontier (sorted by x rising) at `level`: linear between the points around it; at a level
 * under the slowest point, the slowest point's y (it serves users faster than the level asks);
 * null above the fastest point (not reachable: never extrapolated).
 */
export function readAt(front: readonly XY[], level: number): Reading | null {
  if (front.length === 0 || level > front[front.length - 1].x) return null;
  if (level <= front[0].x) return { y: front[0].y, below: 0, above: 0 };
  for (let i = 1; i < front.length; i++) {
    const a = front[i - 1];
    const b = front[i];
    if (level <= b.x) {
      if (b.x === a.x) return { y: Math.max(a.y, b.y), below: i - 1, above: i };
      const t = (level - a.x) / (b.x - a.x);
      return { y: a.y + t * (b.y - a.y), below: i - 1, above: i };
    }
  }
  return null;
}
