#!/usr/bin/env python3
"""Generates pnbd-oracle-cases.csv and pnbd-oracle-pmf.csv (test resources) with
/work/shared/tools/btyd_oracle.py (mpmath, 60 digits). Run: python3 pnbd_oracle_cases.py OUTDIR"""
import sys, os, math
sys.path.insert(0, '/work/shared/tools')
import mpmath as mp
import btyd_oracle as o
mp.mp.dps = 60

params = [
    ("tiny", 0.01, 0.01, 0.01, 0.01),
    ("huge", 50, 1e5, 50, 1e5),
    ("s1", 0.55, 10.58, 1.0, 11.66),
    ("s2", 0.8, 3.0, 2.0, 7.5),
    ("a_eq_b", 0.5, 10.0, 0.7, 10.0),
    ("a_near_b", 0.5, 10.0, 0.7, 10.000000001),
    ("a_big_b_small", 0.3, 1e5, 0.5, 0.01),
    ("a_small_b_big", 2.0, 0.01, 0.8, 1e5),
    ("r50_s001", 50, 0.01, 0.01, 1e5),
    ("r001_s50", 0.01, 1e5, 50, 0.01),
    ("cdnow", 0.5533, 10.5778, 0.6060, 11.6639),
]
hist = [(0, 0, 1), (0, 0, 39), (0, 0, 10000), (1, 0.5, 1), (3, 2, 39), (5, 0, 10), (50, 38.99, 39),
        (10, 10000, 10000), (1000, 100, 10000), (100000, 10000, 10000), (100000, 5000, 10000),
        (100000, 9999.9, 10000), (100000, 1, 10000)]
horizon = 52
deltas = [math.log(1.15) / 52, 0.05]
out = sys.argv[1]
with open(os.path.join(out, 'pnbd-oracle-cases.csv'), 'w') as f:
    f.write('# Pareto/NBD reference values computed with mpmath %s at 60 digits by\n' % mp.__version__)
    f.write('# /work/shared/tools/btyd_oracle.py (pnbd_loglik, pnbd_palive, pnbd_cet, pnbd_dert);\n')
    f.write('# generator: toolkit-core/src/test/scripts/pnbd_oracle_cases.py. 17 significant digits.\n')
    f.write('name,r,alpha,s,beta,x,t_x,T,horizon,delta,loglik,p_alive,expected_transactions,dert\n')
    for (name, r, a, s, b) in params:
        for (x, tx, T) in hist:
            for d in deltas:
                ll = o.pnbd_loglik(r, a, s, b, x, tx, T)
                pa = o.pnbd_palive(r, a, s, b, x, tx, T)
                ce = o.pnbd_cet(r, a, s, b, x, tx, T, horizon)
                de = o.pnbd_dert(r, a, s, b, x, tx, T, d)
                f.write('%s,%r,%r,%r,%r,%r,%r,%r,%r,%r,%s,%s,%s,%s\n' % (name, r, a, s, b, x, tx, T, horizon, d,
                        mp.nstr(ll, 17), mp.nstr(pa, 17), mp.nstr(ce, 17), mp.nstr(de, 17)))
                f.flush()
        print(name, file=sys.stderr)

def pmf(r, a, s, b, n, t):
    r, a, s, b, t = map(mp.mpf, (r, a, s, b, t))
    lc = mp.loggamma(r + n) - mp.loggamma(r) - mp.loggamma(n + 1)
    def nb(tau):
        return mp.exp(lc + r * mp.log(a / (a + tau)) + (n * mp.log(tau / (a + tau)) if n > 0 else 0))
    alive = nb(t) * (b / (b + t)) ** s
    dead = mp.quad(lambda tau: nb(tau) * s * b ** s / (b + tau) ** (s + 1), [0, t / 4, t / 2, t])
    return alive + dead

with open(os.path.join(out, 'pnbd-oracle-pmf.csv'), 'w') as f:
    f.write('# P(X(t) = n) under Pareto/NBD, computed with mpmath %s at 60 digits: negative binomial\n' % mp.__version__)
    f.write('# mixed over the Gamma-exponential death time (Fader-Hardie 2006 note), mp.quad;\n')
    f.write('# generator: toolkit-core/src/test/scripts/pnbd_oracle_cases.py. Also E[X(t)] by pnbd_expected (s != 1).\n')
    f.write('name,r,alpha,s,beta,n,t,pmf,expected\n')
    for (name, r, a, s, b) in params:
        for t in (1, 39, 1000):
            ex = o.pnbd_expected(r, a, s, b, t) if s != 1 else (mp.mpf(r) * b / a * mp.log((b + mp.mpf(t)) / b))
            for n in (0, 1, 2, 5, 10, 50):
                f.write('%s,%r,%r,%r,%r,%d,%r,%s,%s\n' % (name, r, a, s, b, n, t, mp.nstr(pmf(r, a, s, b, n, t), 17), mp.nstr(ex, 17)))
                f.flush()
        print('pmf', name, file=sys.stderr)
