"""Finite fields GF(q) for every prime power q, as addition and multiplication tables.

The affine geometries and transversal designs of ``golf_constructions.py`` need the
arithmetic of GF(q) including prime powers (GF(4), GF(8), GF(9), GF(25), GF(49) ...), where
arithmetic modulo q is *not* a field. An element of GF(p^k) is a polynomial of degree < k
over GF(p), stored as the integer whose base-p digits are its coefficients (so 0 and 1 are
the field's zero and one, and the elements of the prime field GF(p) are 0..p-1). Products
are reduced modulo the first monic irreducible polynomial of degree k in that numbering,
found by trial division, so the tables are the same on every run.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

IntTable = NDArray[np.int64]


def prime_power(q: int) -> tuple[int, int] | None:
    """(p, k) with q = p**k for a prime p, or None when q is not a prime power."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k = 0
    while q % p == 0:
        q //= p
        k += 1
    return (p, k) if q == 1 else None


def _digits(value: int, p: int, k: int) -> list[int]:
    return [(value // p**i) % p for i in range(k)]


def _number(coefficients: list[int], p: int) -> int:
    return sum(c * p**i for i, c in enumerate(coefficients))


def _poly_mod(a: list[int], modulus: list[int], p: int) -> list[int]:
    """a mod modulus over GF(p); modulus is monic, coefficients lowest degree first."""
    a = a[:]
    k = len(modulus) - 1
    for degree in range(len(a) - 1, k - 1, -1):
        lead = a[degree] % p
        if lead:
            for i, c in enumerate(modulus):
                a[degree - k + i] = (a[degree - k + i] - lead * c) % p
    return [c % p for c in a[:k]] + [0] * max(0, k - len(a))


def _poly_mul(a: list[int], b: list[int], p: int) -> list[int]:
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] = (out[i + j] + x * y) % p
    return out


def _irreducible(p: int, k: int) -> list[int]:
    """The first monic polynomial of degree k over GF(p) with no factor of degree 1..k/2."""
    for tail in range(p**k):
        candidate = [*_digits(tail, p, k), 1]
        if all(
            any(_poly_mod(candidate, [*_digits(low, p, d), 1], p))
            for d in range(1, k // 2 + 1)
            for low in range(p**d)
        ):
            return candidate
    raise AssertionError("an irreducible polynomial exists for every degree")  # pragma: no cover


@dataclass(frozen=True)
class GaloisField:
    """GF(q): elements 0..q-1 with tables; ``add[a, b]``, ``mul[a, b]``, ``neg[a]``, ``inv[a]``."""

    q: int
    p: int
    add: IntTable
    mul: IntTable
    neg: IntTable
    inv: IntTable  # inv[0] is 0 by convention (zero has no inverse)

    def sub(self, a: int, b: int) -> int:
        """a - b."""
        return int(self.add[a, self.neg[b]])

    def div(self, a: int, b: int) -> int:
        """a / b for b != 0."""
        if b == 0:
            raise ZeroDivisionError("division by zero in GF(q)")
        return int(self.mul[a, self.inv[b]])


@cache
def galois_field(q: int) -> GaloisField:
    """The field with q elements; ValueError when q is not a prime power."""
    found = prime_power(q)
    if found is None:
        raise ValueError(f"there is no field with {q} elements ({q} is not a prime power)")
    p, k = found
    digits = [_digits(a, p, k) for a in range(q)]
    add = np.array(
        [
            [_number([(x + y) % p for x, y in zip(da, db, strict=True)], p) for db in digits]
            for da in digits
        ],
        dtype=np.int64,
    )
    modulus = _irreducible(p, k) if k > 1 else [0, 1]
    mul = np.array(
        [
            [
                _number(_poly_mod(_poly_mul(da, db, p), modulus, p), p) if k > 1 else a * b % p
                for b, db in enumerate(digits)
            ]
            for a, da in enumerate(digits)
        ],
        dtype=np.int64,
    )
    neg = np.argmin(add, axis=1).astype(np.int64)  # the b with a + b = 0 (column 0 holds 0)
    inv = np.zeros(q, dtype=np.int64)
    for a in range(1, q):
        inv[a] = int(np.flatnonzero(mul[a] == 1)[0])
    for table in (add, mul, neg, inv):
        table.setflags(write=False)
    return GaloisField(q=q, p=p, add=add, mul=mul, neg=neg, inv=inv)
