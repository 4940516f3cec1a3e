"""Maximum-weight perfect matching of a large graph, exactly, started from the relaxation.

The blossom algorithm (Edmonds' primal-dual method) solves a graph of n people from
scratch in O(n) stages, each growing alternating trees over the whole graph: half an hour
at 100,000 people in rustworkx. Most of that work repeats what the linear relaxation
already knows. Its optimum (`relaxation.lp_prices` with `perfect`) gives vertex prices
that are feasible for the blossom algorithm's dual, and a matching on tight edges that
leaves out only one person per odd cycle of the fractional solution: a handful at 100,000.
Started from those, the algorithm needs one stage per augmentation, and each stage only
touches the trees it grows.

The algorithm is the classic one for general graphs as Galil (1986) describes it, with
every vertex's dual doubled so that whole-number weights keep all arithmetic exact (Python
integers, no rounding anywhere). Written here rather than taken from a library because
neither rustworkx nor networkx can start from given prices and a matching. The changes to
the textbook version: the start state; perfect matchings only (no dual may be forced to
zero, so a vertex left unmatched means "no perfect matching" and the caller solves
another way); and the bookkeeping, so that a stage costs the trees it grows rather than
the graph: each dual update is one addition (duals are kept relative to a running sum) and finds its size in heaps
(`_Blossoms.best_delta`), and a new blossom extends its largest child's list of vertices
(ties make blossoms nest thousands deep).
"""

import sys
from heapq import heappop, heappush, heapreplace

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

# Whole-number weights up to this many bits go through the relaxation's floats exactly.
_EXACT_FLOAT_BITS = 52


def max_weight_perfect_matching(
    n: int, u: IntArray, v: IntArray, weight: IntArray
) -> list[tuple[int, int]] | None:
    """The maximum-weight perfect matching of the graph (nodes 0..n-1, edges u[k]-v[k] of
    whole-number `weight[k]`), or None if the graph has none or the weights are too large
    for the relaxation's exact start (then the caller solves another way)."""
    if n % 2 or len(u) == 0 or int(np.abs(weight).max()).bit_length() > _EXACT_FLOAT_BITS:
        return None
    start = _warm_start(n, u, v, weight)
    if start is None:
        return None
    mate_edge, dual = start
    solver = _Blossoms(n, u, v, weight, mate_edge, dual)
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 10_000 + 4 * n))
        perfect = solver.solve()
    finally:
        sys.setrecursionlimit(limit)
    if not perfect:
        return None
    return solver.pairs()


def _warm_start(
    n: int, u: IntArray, v: IntArray, weight: IntArray
) -> tuple[IntArray, list[int]] | None:
    """Each person's matched edge (-1 if free) and the doubled duals 2y, from the
    relaxation's optimum; checked exactly (every edge's reduced cost >= 0, matched ones 0),
    None if the relaxation fails or its prices are not exact."""
    from hallway.engine.relaxation import cycle_cover_matching, lp_prices

    prices = lp_prices(n, u, v, weight.astype(np.float64), perfect=True)
    if prices is None:
        return None
    y, _, sigma, link = prices
    doubled = 2.0 * y
    whole = np.rint(doubled)
    if not np.array_equal(whole, doubled) or np.abs(whole).max() >= 2.0**62:
        return None
    dual = whole.astype(np.int64)
    reduced = dual[u] + dual[v] - 2 * weight
    if reduced.min() < 0:
        return None
    pairs, _ = cycle_cover_matching(sigma, link)
    mate_edge = np.full(n, -1, dtype=np.int64)
    if pairs:
        found = np.array(pairs, dtype=np.int64)
        code = np.minimum(u, v) * n + np.maximum(u, v)
        order = np.argsort(code, kind="stable")
        want = found.min(axis=1) * n + found.max(axis=1)
        at = order[np.searchsorted(code[order], want)]
        if not np.array_equal(code[at], want) or np.any(reduced[at] != 0):
            return None
        mate_edge[found[:, 0]] = at
        mate_edge[found[:, 1]] = at
    return mate_edge, dual.tolist()


class _Blossoms:
    """The primal-dual blossom algorithm's state. Vertices are 0..n-1, blossoms n..2n-1;
    edge k has the endpoints 2k (at u[k]) and 2k+1 (at v[k]); `mate[x]` is the remote
    endpoint of x's matched edge. Duals are stored as in Galil's paper with vertex duals
    doubled: the slack of edge k is dual[u] + dual[v] - 2 w[k] (>= 0, 0 when tight, before
    the blossoms' own duals, which only count inside a blossom)."""

    def __init__(
        self,
        n: int,
        u: IntArray,
        v: IntArray,
        weight: IntArray,
        mate_edge: IntArray,
        dual: list[int],
    ) -> None:
        self.n = n
        m = len(u)
        ends = np.empty(2 * m, dtype=np.int64)
        ends[0::2], ends[1::2] = u, v
        self.endpoint: list[int] = ends.tolist()
        self.weight: list[int] = (2 * weight.astype(object)).tolist()  # doubled: w in slack
        # Each vertex's remote endpoints, grouped by a stable sort (C speed, no Python loop).
        order = np.argsort(ends, kind="stable")
        remote = (order ^ 1).tolist()
        bounds = np.searchsorted(ends[order], np.arange(n + 1)).tolist()
        self.neighbend: list[list[int]] = [remote[bounds[x] : bounds[x + 1]] for x in range(n)]
        self.mate: list[int] = [-1] * n
        for x, k in enumerate(mate_edge.tolist()):
            if k >= 0:
                self.mate[x] = 2 * k + 1 if self.endpoint[2 * k] == x else 2 * k
        # Duals are kept lazily: the dual of x is dual[x] + sign[x] * offset, where offset
        # is the sum of this stage's dual updates and sign[x] says how x moves with them
        # (-1 an S-vertex, +1 a T-vertex, 0 the others; for a blossom's own dual +1 on top
        # of an S-blossom, -1 of a T-blossom). A dual update is then one addition.
        self.dual: list[int] = dual + [0] * n
        self.sign = [0] * (2 * n)
        self.offset = 0
        self.label = [0] * (2 * n)
        self.labelend = [-1] * (2 * n)
        self.inblossom = list(range(n))
        self.parent = [-1] * (2 * n)
        self.childs: list[list[int] | None] = [None] * (2 * n)
        self.base = list(range(n)) + [-1] * n
        self.endps: list[list[int] | None] = [None] * (2 * n)
        self.bestedge = [-1] * n  # an unlabelled vertex's least-slack edge to an S-vertex
        self.unused = list(range(2 * n - 1, n - 1, -1))
        # Each blossom's vertices. A new blossom takes over its largest child's list and
        # appends the other children's vertices (the child keeps the first leaf_count of
        # them, restored when the blossom expands), so nesting blossom in blossom, as
        # ties make the algorithm do, costs the smaller children, not the whole again.
        self.leaf_list: list[list[int] | None] = [None] * (2 * n)
        self.leaf_count = [0] * (2 * n)
        self.grown = [-1] * (2 * n)  # the child whose list a blossom took over
        self.allowed = bytearray(m)
        self.queue: list[int] = []
        # The candidates for the next dual update's size, in heaps keyed so that a key
        # stays valid while the duals move (see `best_delta`).
        self.to_free: list[tuple[int, int, int]] = []  # (slack + offset, vertex, edge)
        self.between: list[tuple[int, int]] = []  # (slack + 2 offset, edge between S-blossoms)
        self.shrinking: list[tuple[int, int]] = []  # (dual + offset, T-blossom)

    # -- small helpers ------------------------------------------------------------------

    def actual(self, x: int) -> int:
        """The dual of vertex or blossom x now."""
        return self.dual[x] + self.sign[x] * self.offset

    def slack(self, k: int) -> int:
        return (
            self.actual(self.endpoint[2 * k])
            + self.actual(self.endpoint[2 * k + 1])
            - self.weight[k]
        )

    def move(self, xs: list[int], sign: int) -> None:
        """From now on the duals of `xs` move with `sign` (their values stay). All the
        vertices of a top-level blossom always move alike, so one look says whether any
        must change."""
        dual, signs, offset = self.dual, self.sign, self.offset
        if not xs or (signs[xs[0]] == sign and signs[xs[-1]] == sign):
            return
        for x in xs:
            dual[x] += (signs[x] - sign) * offset
            signs[x] = sign

    def settle(self) -> None:
        """Every dual to its value, at the end of a stage: the offset starts again at 0."""
        self.move([x for x, sign in enumerate(self.sign) if sign], 0)
        self.offset = 0

    def leaves(self, b: int) -> list[int]:
        """The vertices inside b (b itself for a vertex). Not to be changed: a blossom's
        list is its largest child's list, grown (see `add_blossom`)."""
        if b < self.n:
            return [b]
        found = self.leaf_list[b] or []
        count = self.leaf_count[b]
        return found if len(found) == count else found[:count]

    def pairs(self) -> list[tuple[int, int]]:
        found = []
        for x in range(self.n):
            y = self.endpoint[self.mate[x]]
            if x < y:
                found.append((x, y))
        return found

    def rescale(self) -> None:
        """Double every weight and dual: the same problem, with room for a half-step."""
        self.weight[:] = [2 * w for w in self.weight]
        self.dual[:] = [2 * d for d in self.dual]
        self.offset *= 2
        # Doubling every key keeps each heap a heap.
        self.to_free[:] = [(2 * key, x, e) for key, x, e in self.to_free]
        self.between[:] = [(2 * key, e) for key, e in self.between]
        self.shrinking[:] = [(2 * key, b) for key, b in self.shrinking]

    # -- the algorithm --------------------------------------------------------------------

    def solve(self) -> bool:
        """Augment until everyone is matched (True) or no augmenting path is left."""
        n = self.n
        while True:
            free = [x for x in range(n) if self.mate[x] == -1]
            if not free:
                return True
            self.label = [0] * (2 * n)
            self.bestedge = [-1] * n
            self.allowed = bytearray(len(self.weight))
            self.queue = []
            self.to_free, self.between, self.shrinking = [], [], []
            for x in free:
                if self.label[self.inblossom[x]] == 0:
                    self.assign_label(x, 1, -1)
            augmented = self.stage()
            self.settle()
            if not augmented:
                return False
            for b in range(n, 2 * n):
                if (
                    self.parent[b] == -1
                    and self.base[b] >= 0
                    and self.label[b] == 1
                    and self.dual[b] == 0
                ):
                    self.expand(b, endstage=True)

    def stage(self) -> bool:
        """Grow the trees until an augmenting path is found (True) or none can be (False)."""
        while True:
            if self.scan():
                return True
            kind, delta, edge, blossom = self.best_delta()
            if kind == 0:
                return False
            self.offset += delta
            if kind == 2:
                self.allowed[edge] = True
                i, j = self.endpoint[2 * edge], self.endpoint[2 * edge + 1]
                self.queue.append(i if self.label[self.inblossom[i]] == 1 else j)
            elif kind == 3:
                self.allowed[edge] = True
                self.queue.append(self.endpoint[2 * edge])
            else:
                self.expand(blossom, endstage=False)

    def scan(self) -> bool:
        """Label along tight edges from the queued S-vertices; True once it augmented."""
        label, inblossom, endpoint, allowed = (
            self.label,
            self.inblossom,
            self.endpoint,
            self.allowed,
        )
        bestedge, dual, sign, weight = self.bestedge, self.dual, self.sign, self.weight
        while self.queue:
            x = self.queue.pop()
            bx = inblossom[x]
            dx = self.actual(x)
            for p in self.neighbend[x]:
                k = p >> 1
                w = endpoint[p]
                bw = inblossom[w]
                if bx == bw:
                    continue
                kslack = 0
                if not allowed[k]:
                    kslack = dx + dual[w] + sign[w] * self.offset - weight[k]
                    if kslack <= 0:
                        allowed[k] = True
                if allowed[k]:
                    if label[bw] == 0:
                        self.assign_label(w, 2, p ^ 1)
                    elif label[bw] == 1:
                        base = self.scan_blossom(x, w)
                        if base >= 0:
                            self.add_blossom(base, k)
                            bx = inblossom[x]
                        else:
                            self.augment(k)
                            return True
                    elif label[w] == 0:
                        label[w] = 2
                        self.labelend[w] = p ^ 1
                elif label[bw] == 1:
                    heappush(self.between, (kslack + 2 * self.offset, k))
                elif label[w] == 0 and (bestedge[w] == -1 or kslack < self.slack(bestedge[w])):
                    bestedge[w] = k
                    heappush(self.to_free, (kslack + self.offset, w, k))
        return False

    def best_delta(self) -> tuple[int, int, int, int]:
        """The largest dual change that keeps every slack >= 0: (kind, delta, edge,
        blossom), kind 2 (a free vertex's edge gets tight), 3 (an edge between two
        S-blossoms), 4 (a T-blossom's dual reaches 0), 0 if nothing limits it.

        Each update lowers an S-to-free slack by delta, an S-to-S slack by 2 delta and a
        T-blossom's dual by delta, so keys that add the stage's offset stay put and three
        heaps find the minimum. An entry is checked when it comes to the top: dropped if
        it no longer applies, re-keyed if its key fell behind (a vertex inside a T-blossom
        keeps its slack while the offset grows; its key is then too small, never too
        large, so the first entry whose key checks out is the minimum)."""
        kind, delta, edge, blossom = 0, 0, -1, -1
        label, inblossom, bestedge = self.label, self.inblossom, self.bestedge
        heap = self.to_free
        while heap:
            key, x, e = heap[0]
            if bestedge[x] != e or label[inblossom[x]] != 0:
                heappop(heap)
            elif (actual := self.slack(e) + self.offset) != key:
                heapreplace(heap, (actual, x, e))
            else:
                kind, delta, edge = 2, key - self.offset, e
                break
        between = self.between
        while between:
            key, e = between[0]
            # S stays S for the rest of the stage: the edge only stops counting once a
            # blossom holds both ends, and its slack falls by exactly 2 delta until then.
            if inblossom[self.endpoint[2 * e]] == inblossom[self.endpoint[2 * e + 1]]:
                heappop(between)
            elif (kslack := key - 2 * self.offset) % 2:  # half a step: make room for it
                self.rescale()
                return self.best_delta()
            else:
                if kind == 0 or kslack // 2 < delta:
                    kind, delta, edge = 3, kslack // 2, e
                break
        shrinking = self.shrinking
        while shrinking:
            key, b = shrinking[0]
            if label[b] != 2 or self.parent[b] != -1 or self.base[b] < 0:
                heappop(shrinking)
            elif (actual := self.actual(b) + self.offset) != key:
                heapreplace(shrinking, (actual, b))
            else:
                if kind == 0 or key - self.offset < delta:
                    kind, delta, blossom = 4, key - self.offset, b
                break
        return kind, delta, edge, blossom

    def assign_label(self, w: int, t: int, p: int) -> None:
        while True:
            b = self.inblossom[w]
            self.label[w] = self.label[b] = t
            self.labelend[w] = self.labelend[b] = p
            if w < self.n:
                self.bestedge[w] = -1
            leaves = self.leaves(b)
            self.move(leaves, -1 if t == 1 else 1)
            if b >= self.n:
                self.move([b], 1 if t == 1 else -1)
            if t == 1:
                self.queue.extend(leaves)
                return
            if b >= self.n:
                heappush(self.shrinking, (self.actual(b) + self.offset, b))
            base = self.base[b]
            mate = self.mate[base]
            w, t, p = self.endpoint[mate], 1, mate ^ 1

    def scan_blossom(self, x: int, w: int) -> int:
        """Trace back from x and w towards their roots: the base of the new blossom where
        the paths meet, or -1 if they reach two different roots (an augmenting path)."""
        label, inblossom, labelend, endpoint = (
            self.label,
            self.inblossom,
            self.labelend,
            self.endpoint,
        )
        path = []
        base = -1
        while x != -1 or w != -1:
            b = inblossom[x]
            if label[b] & 4:
                base = self.base[b]
                break
            path.append(b)
            label[b] = 5
            if labelend[b] == -1:
                x = -1
            else:
                x = endpoint[labelend[b]]
                b = inblossom[x]
                x = endpoint[labelend[b]]
            if w != -1:
                x, w = w, x
        for b in path:
            label[b] = 1
        return base

    def add_blossom(self, base: int, k: int) -> None:
        inblossom, endpoint, labelend, parent = (
            self.inblossom,
            self.endpoint,
            self.labelend,
            self.parent,
        )
        x, w = endpoint[2 * k], endpoint[2 * k + 1]
        bb, bx, bw = inblossom[base], inblossom[x], inblossom[w]
        b = self.unused.pop()
        self.base[b] = base
        parent[b] = -1
        parent[bb] = b
        path: list[int] = []
        endps: list[int] = []
        while bx != bb:
            parent[bx] = b
            path.append(bx)
            endps.append(labelend[bx])
            bx = inblossom[endpoint[labelend[bx]]]
        path.append(bb)
        path.reverse()
        endps.reverse()
        endps.append(2 * k)
        while bw != bb:
            parent[bw] = b
            path.append(bw)
            endps.append(labelend[bw] ^ 1)
            bw = inblossom[endpoint[labelend[bw]]]
        self.childs[b] = path
        self.endps[b] = endps
        self.label[b] = 1
        self.labelend[b] = labelend[bb]
        self.dual[b] = self.sign[b] = 0
        self.move([b], 1)
        inside = [self.leaves(child) for child in path]
        for child, leaves in zip(path, inside, strict=True):
            if self.label[child] == 2:  # its vertices become S: scan them
                self.move(leaves, -1)
                self.queue.extend(leaves)
            if child >= self.n:  # no longer on top: its own dual stays put
                self.move([child], 0)
            for leaf in leaves:
                inblossom[leaf] = b
        largest = max(range(len(path)), key=lambda at: len(inside[at]))
        if path[largest] >= self.n:
            grown = inside[largest]  # the child's own list object
            for at, leaves in enumerate(inside):
                if at != largest:
                    grown.extend(leaves)
            self.grown[b] = path[largest]
        else:
            grown = [leaf for leaves in inside for leaf in leaves]
            self.grown[b] = -1
        self.leaf_list[b] = grown
        self.leaf_count[b] = len(grown)

    def expand(self, b: int, *, endstage: bool) -> None:
        n, label, labelend, endpoint = self.n, self.label, self.labelend, self.endpoint
        childs = self.childs[b] or []
        self.move([b], 0)  # the children keep moving as T-vertices until relabelled
        if self.grown[b] >= 0:  # give the child its list back
            del (self.leaf_list[b] or [])[self.leaf_count[self.grown[b]] :]
        self.leaf_list[b] = None
        for s in childs:
            self.parent[s] = -1
            if s < n:
                self.inblossom[s] = s
            elif endstage and self.dual[s] == 0:
                self.expand(s, endstage=endstage)
            else:
                for leaf in self.leaves(s):
                    self.inblossom[leaf] = s
        if not endstage and label[b] == 2:
            endps = self.endps[b] or []
            entry = self.inblossom[endpoint[labelend[b] ^ 1]]
            j = childs.index(entry)
            if j & 1:
                j -= len(childs)
                step, trick = 1, 0
            else:
                step, trick = -1, 1
            p = labelend[b]
            while j != 0:
                label[endpoint[p ^ 1]] = 0
                label[endpoint[endps[j - trick] ^ trick ^ 1]] = 0
                self.assign_label(endpoint[p ^ 1], 2, p)
                self.allowed[endps[j - trick] >> 1] = True
                j += step
                p = endps[j - trick] ^ trick
                self.allowed[p >> 1] = True
                j += step
            bv = childs[j]
            label[endpoint[p ^ 1]] = label[bv] = 2
            labelend[endpoint[p ^ 1]] = labelend[bv] = p
            self.move(self.leaves(bv), 1)
            if bv < n:
                self.bestedge[bv] = -1
            else:
                self.move([bv], -1)
                heappush(self.shrinking, (self.actual(bv) + self.offset, bv))
            j += step
            while childs[j] != entry:
                bv = childs[j]
                if label[bv] == 1:
                    j += step
                    continue
                labelled_leaf = -1
                for leaf in self.leaves(bv):
                    if label[leaf] != 0:
                        labelled_leaf = leaf
                        break
                if labelled_leaf >= 0:
                    label[labelled_leaf] = 0
                    label[endpoint[self.mate[self.base[bv]]]] = 0
                    self.assign_label(labelled_leaf, 2, labelend[labelled_leaf])
                j += step
            # Sub-blossoms left unlabelled are free again: their vertices' best edges
            # count for the next update.
            for s in childs:
                if label[s] == 0 and self.parent[s] == -1:
                    self.move(self.leaves(s), 0)
                    for leaf in self.leaves(s):
                        e = self.bestedge[leaf]
                        if e != -1:
                            heappush(self.to_free, (self.slack(e) + self.offset, leaf, e))
        label[b] = labelend[b] = -1
        self.childs[b] = self.endps[b] = None
        self.base[b] = -1
        self.unused.append(b)

    def augment_blossom(self, b: int, x: int) -> None:
        """Rotate blossom b so that x's sub-blossom is its base, swapping the matched edges
        on the way (recursively inside sub-blossoms)."""
        n, endpoint = self.n, self.endpoint
        t = x
        while self.parent[t] != b:
            t = self.parent[t]
        if t >= n:
            self.augment_blossom(t, x)
        childs = self.childs[b] or []
        endps = self.endps[b] or []
        i = j = childs.index(t)
        if i & 1:
            j -= len(childs)
            step, trick = 1, 0
        else:
            step, trick = -1, 1
        while j != 0:
            j += step
            t = childs[j]
            p = endps[j - trick] ^ trick
            if t >= n:
                self.augment_blossom(t, endpoint[p])
            j += step
            t = childs[j]
            if t >= n:
                self.augment_blossom(t, endpoint[p ^ 1])
            self.mate[endpoint[p]] = p ^ 1
            self.mate[endpoint[p ^ 1]] = p
        rotated = childs[i:] + childs[:i]
        self.childs[b] = rotated
        self.endps[b] = endps[i:] + endps[:i]
        self.base[b] = self.base[rotated[0]]

    def augment(self, k: int) -> None:
        """Flip the augmenting path through edge k between two trees."""
        n, endpoint, inblossom, labelend = self.n, self.endpoint, self.inblossom, self.labelend
        for s, p in ((endpoint[2 * k], 2 * k + 1), (endpoint[2 * k + 1], 2 * k)):
            while True:
                bs = inblossom[s]
                if bs >= n:
                    self.augment_blossom(bs, s)
                self.mate[s] = p
                if labelend[bs] == -1:
                    break
                t = endpoint[labelend[bs]]
                bt = inblossom[t]
                s = endpoint[labelend[bt]]
                j = endpoint[labelend[bt] ^ 1]
                if bt >= n:
                    self.augment_blossom(bt, j)
                self.mate[j] = labelend[bt]
                p = labelend[bt] ^ 1
