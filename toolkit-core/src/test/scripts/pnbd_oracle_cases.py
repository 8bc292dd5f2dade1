#!/usr/bin/env python3
"""Generates pnbd-oracle-cases.csv and pnbd-oracle-pmf.csv (test resources) with
../shared/tools/btyd_oracle.py (the shared folder beside the checkout) (mpmath, 60 digits). Run: python3 pnbd_oracle_cases.py OUTDIR"""
import sys, os, math
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), *['..'] * 5, 'shared', 'tools'))
import mpmath as mp
import btyd_oracle as o
import signal
mp.mp.dps = 60


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, _alarm)


def quad_parts(r, a, s, b, x, tx, T):
    """L by 1-D mp.quad of the death-time integral, for cases where mpmath's hyp2f1 is too slow:
    L = lead * [alive + s * integral_tx^T (a+tau)^-(r+x) (b+tau)^-(s+1) dtau]."""
    r, a, s, b, x, tx, T = map(mp.mpf, (r, a, s, b, x, tx, T))
    p = r + x
    lead = mp.exp(mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(a) + s * mp.log(b))
    alive = 1 / ((a + T) ** p * (b + T) ** s)
    if tx == T:
        return lead, alive, lead * alive
    width = 1 / (p / (a + tx) + (s + 1) / (b + tx))
    pts = [tx] + [tx + k * width for k in (1, 4, 16, 64, 256, 1024, 4096) if tx + k * width < T] + [T]
    f = lambda tau: (a + tau) ** (-p) * (b + tau) ** (-s - 1)
    integral = mp.quad(f, pts)
    return lead, alive, lead * (alive + s * integral)


def values(r, a, s, b, x, tx, T, t, d):
    """(loglik, palive, cet, dert, method): btyd_oracle, or quad_parts after 30 s."""
    key = (r, a, s, b, x, tx, T)
    if key in SLOW:
        return quad_values(r, a, s, b, x, tx, T, t, d)
    signal.alarm(20)
    try:
        ll = o.pnbd_loglik(r, a, s, b, x, tx, T)
        pa = o.pnbd_palive(r, a, s, b, x, tx, T)
        ce = o.pnbd_cet(r, a, s, b, x, tx, T, t)
        de = o.pnbd_dert(r, a, s, b, x, tx, T, d)
        signal.alarm(0)
        return ll, pa, ce, de, 'oracle-hyp2f1'
    except (Timeout, ValueError, ZeroDivisionError):
        signal.alarm(0)
        SLOW.add(key)
    return quad_values(r, a, s, b, x, tx, T, t, d)


SLOW = set()


def quad_values(r, a, s, b, x, tx, T, t, d):
    lead, alive, L = quad_parts(r, a, s, b, x, tx, T)
    pa = lead * alive / L
    rr, aa, ss, bb, xx, TT, tt, dd = map(mp.mpf, (r, a, s, b, x, T, t, d))
    if ss == 1:
        ce = pa * (rr + xx) * (bb + TT) / (aa + TT) * mp.log((bb + TT + tt) / (bb + TT))
    else:
        ce = pa * (rr + xx) * (bb + TT) / ((aa + TT) * (ss - 1)) * (1 - ((bb + TT) / (bb + TT + tt)) ** (ss - 1))
    num = aa ** rr * bb ** ss * dd ** (ss - 1) * mp.gamma(rr + xx + 1) * mp.hyperu(ss, ss, dd * (bb + TT))
    de = num / (mp.gamma(rr) * (aa + TT) ** (rr + xx + 1) * L)
    return mp.log(L), pa, ce, de, 'quad'

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
pmf_only = len(sys.argv) > 2 and sys.argv[2] == 'pmf'
if not pmf_only:
  with open(os.path.join(out, 'pnbd-oracle-cases.csv'), 'w') as f:
      f.write('# Pareto/NBD reference values computed with mpmath %s at 60 digits by\n' % mp.__version__)
      f.write('# ../shared/tools/btyd_oracle.py (pnbd_loglik, pnbd_palive, pnbd_cet, pnbd_dert);\n')
      f.write("# where mpmath's hyp2f1 fails or takes over 20 s (method=quad) L is a 1-D mp.quad of the death-time integral instead.\n# generator: toolkit-core/src/test/scripts/pnbd_oracle_cases.py. 17 significant digits.\n")
      f.write('name,r,alpha,s,beta,x,t_x,T,horizon,delta,loglik,p_alive,expected_transactions,dert,method\n')
      for (name, r, a, s, b) in params:
          for (x, tx, T) in hist:
              for d in deltas:
                  ll, pa, ce, de, how = values(r, a, s, b, x, tx, T, horizon, d)
                  f.write('%s,%r,%r,%r,%r,%r,%r,%r,%r,%r,%s,%s,%s,%s,%s\n' % (name, r, a, s, b, x, tx, T, horizon, d,
                          mp.nstr(ll, 17), mp.nstr(pa, 17), mp.nstr(ce, 17), mp.nstr(de, 17), how))
                  f.flush()
          print(name, file=sys.stderr)

def pmf(r, a, s, b, n, t):
    mp.mp.dps = 30  # ample for a 1e-9 check, and far faster for the peaked integrands
    r, a, s, b, t = map(mp.mpf, (r, a, s, b, t))
    lc = mp.loggamma(r + n) - mp.loggamma(r) - mp.loggamma(n + 1)
    def nb(tau):
        return mp.exp(lc + r * mp.log(a / (a + tau)) + (n * mp.log(tau / (a + tau)) if n > 0 else 0))
    alive = nb(t) * (b / (b + t)) ** s
    # tau = c expm1(v), c = min(alpha, beta): the peaks of the negative binomial (scale alpha) and
    # of the death density (scale beta) are both resolved on a log scale; 256 panels, checked
    # against 128.
    c = min(a, b)
    V = mp.log1p(t / c)
    def g(v):
        tau = c * mp.expm1(v)
        if tau == 0:
            return mp.mpf(0) if n > 0 else nb(tau) * s / b * c
        return nb(tau) * s * b ** s / (b + tau) ** (s + 1) * (c + tau)
    coarse = mp.quad(g, mp.linspace(0, V, 129))
    fine = mp.quad(g, mp.linspace(0, V, 257))
    if abs(fine - coarse) > mp.mpf('1e-15') * (alive + abs(fine)):
        print('warning: 128 and 256 panels differ for', r, a, s, b, n, t, coarse, fine, file=sys.stderr)
        return None  # not accurate enough to serve as a reference: the row is left out
    return alive + fine

with open(os.path.join(out, 'pnbd-oracle-pmf.csv'), 'w') as f:
    f.write('# P(X(t) = n) under Pareto/NBD, computed with mpmath %s at 30 digits: negative binomial\n' % mp.__version__)
    f.write('# mixed over the Gamma-exponential death time (Fader-Hardie 2006 note), mp.quad in v = log1p(tau/min(alpha,beta))\n# on 256 panels, kept only where 128 panels agree to 1e-15 of the probability;\n')
    f.write('# generator: toolkit-core/src/test/scripts/pnbd_oracle_cases.py. Also E[X(t)] by pnbd_expected (s != 1).\n')
    f.write('name,r,alpha,s,beta,n,t,pmf,expected\n')
    for (name, r, a, s, b) in params[int(sys.argv[3]):int(sys.argv[4])] if len(sys.argv) > 4 else params:
        for t in (1, 39, 1000):
            ex = o.pnbd_expected(r, a, s, b, t) if s != 1 else (mp.mpf(r) * b / a * mp.log((b + mp.mpf(t)) / b))
            for n in (0, 1, 2, 5, 10, 50):
                v = pmf(r, a, s, b, n, t)
                if v is not None:
                    f.write('%s,%r,%r,%r,%r,%d,%r,%s,%s\n' % (name, r, a, s, b, n, t, mp.nstr(v, 17), mp.nstr(ex, 17)))
                f.flush()
        print('pmf', name, file=sys.stderr)
