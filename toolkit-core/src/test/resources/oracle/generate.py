#!/usr/bin/env python3
"""Generates the oracle reference cases of churnkit's BG/NBD, MBG/NBD, BG/BB and Gamma-Gamma tests.

Run from this folder:  python3 generate.py ../../../../../../shared/tools  (the shared folder beside the checkout)
Needs Debian's python3-mpmath. Values are computed at 60 significant digits with the shared
oracle (shared/tools/btyd_oracle.py) where it has the formula, and otherwise with the papers'
closed forms written out below in mpmath (also at 60 digits), never with churnkit's own code.
"""
import random
import os
import sys

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), *['..'] * 6, 'shared', 'tools'))
import mpmath as mp  # noqa: E402
import btyd_oracle as o  # noqa: E402

mp.mp.dps = 60
HEADER = ("# computed with mpmath %s at 60 digits by generate.py in this folder (shared/tools/btyd_oracle.py"
          " for %s); seed %d\n")


def s(v):
    return mp.nstr(mp.mpf(v), 17)


def mbg_cet(r, al, a, b, x, tx, T, t):
    pa = o.mbgnbd_palive(r, al, a, b, x, tx, T)
    r, al, a, b, x, T, t = map(mp.mpf, (r, al, a, b, x, T, t))
    # Batislam, Denizel and Filiztekin (2007); as in lifetimes' ModifiedBetaGeoFitter.
    return pa * (a + b + x) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x)
                                         * mp.hyp2f1(r + x, b + x + 1, a + b + x, t / (al + T + t), maxterms=10**6))


def mbg_expected(r, al, a, b, t):
    r, al, a, b, t = map(mp.mpf, (r, al, a, b, t))
    return b / (a - 1) * (1 - (al / (al + t)) ** r * mp.hyp2f1(r, b + 1, a + b, t / (al + t), maxterms=10**6))


def survival(r, al, a, beta, x, T, t):
    """E[exp(-lambda p t)], lambda ~ Gamma(r+x, al+T), p ~ Beta(a, beta) = 2F1(r+x, a; a+beta; -t/(al+T))."""
    r, al, a, beta, x, T, t = map(mp.mpf, (r, al, a, beta, x, T, t))
    return mp.hyp2f1(r + x, a, a + beta, -t / (al + T), maxterms=10**6)


def count_quad(k, a, beta, u):
    """E[(1 - (1 + p u)^-k) / p], p ~ Beta(a, beta), by tanh-sinh quadrature: the reference where the
    closed form's 2F1 has c = a + beta - 1 <= 0 (btyd_oracle returns nan there). The end point
    singularities p^(a-1) and (1-p)^(beta-1) are removed by p = s^(1/a) on [0, 1/2] and
    1 - p = v^(1/beta) on [1/2, 1]; without this, tanh-sinh is wrong in the 4th digit for a = 0.05."""
    k, a, beta, u = map(mp.mpf, (k, a, beta, u))
    g = lambda p: -mp.expm1(-k * mp.log1p(p * u)) / p
    half = mp.mpf(1) / 2
    lo = mp.quad(lambda s: g(s ** (1 / a)) * (1 - s ** (1 / a)) ** (beta - 1) / a, [0, half ** a])
    hi = mp.quad(lambda v: g(1 - v ** (1 / beta)) * (1 - v ** (1 / beta)) ** (a - 1) / beta, [0, half ** beta])
    return (lo + hi) / mp.beta(a, beta)


def bgnbd_pmf(r, al, a, b, n, t):
    """Fader, Hardie and Lee (2005) eq. (8)."""
    r, al, a, b, t = map(mp.mpf, (r, al, a, b, t))
    B = mp.beta
    nb = lambda j: mp.gamma(r + j) / (mp.gamma(r) * mp.factorial(j)) * (al / (al + t)) ** r * (t / (al + t)) ** j
    v = B(a, b + n) / B(a, b) * nb(n)
    if n > 0:
        v += B(a + 1, b + n - 1) / B(a, b) * (1 - mp.fsum(nb(j) for j in range(n)))
    return v


def bgbb_palive(al, be, ga, de, x, tx, n):
    B = mp.beta
    al, be, ga, de = map(mp.mpf, (al, be, ga, de))
    alive = B(al + x, be + n - x) / B(al, be) * B(ga, de + n) / B(ga, de)
    return alive / mp.exp(o.bgbb_loglik(al, be, ga, de, x, tx, n))


def bgbb_cet(al, be, ga, de, x, tx, n, ns):
    """Fader, Hardie and Shang (2010) eq. (13)."""
    L = mp.exp(o.bgbb_loglik(al, be, ga, de, x, tx, n))
    al, be, ga, de = map(mp.mpf, (al, be, ga, de))
    G = mp.gamma
    return (mp.beta(al + x + 1, be + n - x) / mp.beta(al, be) * de / (ga - 1) * G(ga + de) / G(1 + de)
            * (G(1 + de + n) / G(ga + de + n) - G(1 + de + n + ns) / G(ga + de + n + ns)) / L)


def bgbb_expected(al, be, ga, de, n):
    """Fader, Hardie and Shang (2010) eq. (8)."""
    al, be, ga, de = map(mp.mpf, (al, be, ga, de))
    G = mp.gamma
    return al / (al + be) * de / (ga - 1) * (1 - G(ga + de) / G(ga + de + n) * G(1 + de + n) / G(1 + de))


def bgbb_pmf(al, be, ga, de, x, n):
    """Fader, Hardie and Shang (2010) eq. (7)."""
    al, be, ga, de = map(mp.mpf, (al, be, ga, de))
    B = mp.beta
    v = mp.binomial(n, x) * B(al + x, be + n - x) / B(al, be) * B(ga, de + n) / B(ga, de)
    for i in range(x, n):
        v += mp.binomial(i, x) * B(al + x, be + i - x) / B(al, be) * B(ga + 1, de + i) / B(ga, de)
    return v


def histories(rng, count):
    """Ordinary and extreme histories: x up to 100,000, T up to 10,000, t_x = 0 and t_x = T."""
    out = [(0, 0, 38.86), (0, 0, 10000), (1, 0, 5), (1, 5, 5), (2, 30.43, 38.86), (100000, 9999.5, 10000),
           (100000, 10000, 10000), (100000, 0, 10000), (5000, 20, 365), (300, 0.5, 0.75), (50, 1e-3, 1e4)]
    while len(out) < count:
        T = 10 ** rng.uniform(-1, 4)
        x = int(10 ** rng.uniform(0, 5)) if rng.random() < 0.8 else 0
        kind = rng.random()
        tx = 0.0 if x == 0 else (T if kind < 0.15 else (0.0 if kind < 0.25 else round(T * rng.random(), 4)))
        out.append((x, tx, round(T, 4) if tx != T else T))
    # keep t_x <= T after rounding
    return [(x, min(tx, T), T) for x, tx, T in out]


def nbd_family(path, model, seed):
    rng = random.Random(seed)
    params = [(0.2426, 4.4136, 0.7929, 2.4259), (0.01, 0.01, 0.5, 0.5), (50, 1e5, 3.0, 30.0), (0.5, 1e5, 0.05, 0.1),
              (50, 0.01, 20.0, 2.0), (1.3, 12.0, 1.0000001, 3.0), (0.01, 1e5, 0.9, 50.0), (5.0, 0.5, 2.5, 0.2)]
    with open(path, 'w') as f:
        f.write(HEADER % (mp.__version__, model + " log-likelihood and P(alive)", seed))
        f.write("# cet: P(alive) times the model's closed form (2F1) for the conditional expectation;"
                " where its 2F1 has c <= 0 (a + b + x <= 1), P(alive) times count_quad (tanh-sinh quadrature of the"
                " beta mixture); p_alive_at: P(alive) * 2F1(r+x, a; a+beta'; -t/(alpha+T)) = P(not dropped out by T+t)\n")
        f.write("r,alpha,a,b,x,t_x,T,t,loglik,p_alive,p_alive_at,cet\n")
        for (r, al, a, b) in params:
            for (x, tx, T) in histories(rng, 14):
                t = rng.choice([1, 39, 52, 365])
                # keep the oracle's 2F1 series within its term limit: expected terms ~ (r+x) t / (alpha+T)
                while (r + x) * t / (al + T) > 2e5 and t > 1e-3:
                    t = t / 10
                if model == 'bg-nbd':
                    ll = o.bgnbd_loglik(r, al, a, b, x, tx, T)
                    pa = o.bgnbd_palive(r, al, a, b, x, tx, T)
                    beta = b + x
                    cet = (o.bgnbd_cet(r, al, a, b, x, tx, T, t) if a + b + x - 1 > 0
                           else pa * count_quad(r + x, a, beta, mp.mpf(t) / (al + T)))
                else:
                    ll = o.mbgnbd_loglik(r, al, a, b, x, tx, T)
                    pa = o.mbgnbd_palive(r, al, a, b, x, tx, T)
                    cet = mbg_cet(r, al, a, b, x, tx, T, t)
                    beta = b + x + 1
                paa = pa * survival(r, al, a, beta, x, T, t)
                f.write(",".join(map(str, (r, al, a, b, x, tx, T, t))) + "," + ",".join(s(v) for v in (ll, pa, paa, cet)) + "\n")


def unconditional(path, seed):
    rng = random.Random(seed)
    with open(path, 'w') as f:
        f.write(HEADER % (mp.__version__, "bgnbd_expected; MBG/NBD E[X(t)] = b/(a-1)[1 - (alpha/(alpha+t))^r 2F1(r,b+1;a+b;t/(alpha+t))];"
                          " BG/NBD pmf = Fader-Hardie-Lee 2005 eq. 8; where a + b <= 1 E[X(t)] by count_quad (quadrature)", seed))
        f.write("model,r,alpha,a,b,t,n,expected,pmf\n")
        for (r, al, a, b) in [(0.2426, 4.4136, 0.7929, 2.4259), (0.01, 0.05, 0.5, 0.5), (20.0, 1e3, 3.0, 30.0),
                              (1.5, 0.2, 5.0, 0.3), (0.7, 20.0, 1.0000001, 2.0)]:
            for t in (0.5, 39, 78, 1000):
                if r * t / al > 2e5:
                    continue
                n = rng.choice([0, 1, 2, 5, 20])
                ex = o.bgnbd_expected(r, al, a, b, t) if a + b > 1 else count_quad(r, a, b, mp.mpf(t) / al)
                f.write(",".join(map(str, ("bg-nbd", r, al, a, b, t, n))) + "," + s(ex)
                        + "," + s(bgnbd_pmf(r, al, a, b, n, t)) + "\n")
                f.write(",".join(map(str, ("mbg-nbd", r, al, a, b, t, n))) + "," + s(mbg_expected(r, al, a, b, t)) + ",\n")


def bgbb(path, seed):
    rng = random.Random(seed)
    params = [(1.204, 0.750, 0.657, 2.783), (0.05, 0.05, 0.05, 0.05), (50.0, 10.0, 5.0, 1e3), (0.3, 20.0, 40.0, 0.5)]
    with open(path, 'w') as f:
        f.write(HEADER % (mp.__version__, "bgbb_loglik; P(alive), conditional expectation (eq. 13), E[X(n)] (eq. 8)"
                          " and P(X(n)=x) (eq. 7) of Fader-Hardie-Shang 2010 written in mpmath", seed))
        f.write("alpha,beta,gamma,delta,x,t_x,n,horizon,loglik,p_alive,cet,expected,pmf,k\n")
        for (al, be, ga, de) in params:
            hs = [(0, 0, 6), (6, 6, 6), (1, 1, 1), (3, 5, 6), (0, 0, 200), (200, 200, 200), (150, 180, 200), (1, 1, 200)]
            for _ in range(6):
                n = rng.randint(1, 60)
                x = rng.randint(0, n)
                tx = 0 if x == 0 else rng.randint(x, n)
                hs.append((x, tx, n))
            for (x, tx, n) in hs:
                h = rng.choice([1, 5, 10, 50])
                k = rng.randint(0, n)
                f.write(",".join(map(str, (al, be, ga, de, x, tx, n, h))) + "," + ",".join(s(v) for v in (
                    o.bgbb_loglik(al, be, ga, de, x, tx, n), bgbb_palive(al, be, ga, de, x, tx, n),
                    bgbb_cet(al, be, ga, de, x, tx, n, h), bgbb_expected(al, be, ga, de, n),
                    bgbb_pmf(al, be, ga, de, k, n))) + "," + str(k) + "\n")


def gg(path, seed):
    rng = random.Random(seed)
    with open(path, 'w') as f:
        f.write(HEADER % (mp.__version__, "gg_loglik and gg_expected_spend", seed))
        f.write("p,q,gamma,x,m,loglik,expected_spend\n")
        for (p, q, g) in [(6.2493, 3.7443, 15.4443), (0.01, 1.01, 0.01), (50.0, 50.0, 1e5), (0.5, 1.5, 1e3)]:
            cases = [(1, 22.35), (2, 22.35), (100000, 35.0), (1, 1e-4), (3, 1e6)]
            for _ in range(5):
                cases.append((int(10 ** rng.uniform(0, 5)), round(10 ** rng.uniform(-2, 5), 4)))
            for (x, m) in cases:
                f.write(",".join(map(str, (p, q, g, x, m))) + "," + s(o.gg_loglik(p, q, g, x, m)) + ","
                        + s(o.gg_expected_spend(p, q, g, x, m)) + "\n")


if __name__ == '__main__':
    nbd_family('bgnbd_cases.csv', 'bg-nbd', 11)
    nbd_family('mbgnbd_cases.csv', 'mbg-nbd', 13)
    unconditional('nbd_unconditional_cases.csv', 17)
    bgbb('bgbb_cases.csv', 19)
    gg('gg_cases.csv', 23)
