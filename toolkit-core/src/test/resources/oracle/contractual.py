#!/usr/bin/env python3
"""Generates the 60-digit reference values of churnkit's contractual-model tests (sBG and BdW).

Run from this folder:  python3 contractual.py   (writes sbg_cases.csv and bdw_cases.csv)
Needs Debian's python3-mpmath. Everything is computed at 60 significant digits, never with
churnkit's own code:
  sBG  (Fader and Hardie 2007, 2010): S(t) = B(gamma, delta + t) / B(gamma, delta);
       DEL = 2F1(1, delta; gamma + delta; z), DERL(n) = (delta + n - 1) / (gamma + delta + n - 1) z
       2F1(1, delta + n; gamma + delta + n; z), z = 1 / (1 + d)  (Fader and Hardie 2010, eqs. 5, 6),
       checked here against the direct sum of the series to 50 digits;
  BdW  (Fader, Hardie, Liu, Davin and Steenburgh 2018): S(t) = B(gamma, delta + t^c) / B(gamma, delta);
       DERL(n) = sum_{t >= n} S(t) / S(n - 1) z^(t - n + 1), summed until the tail bound
       u_t z / (1 - z) (S does not increase) is below 1e-65 of the sum; DEL = 1 + DERL(1).
Columns: model parameters, discount rate d per period, tenure n, then S(n), r(n) = S(n)/S(n-1),
DEL and DERL(n), printed with 40 significant digits.
"""
import mpmath as mp

mp.mp.dps = 60
HEADER = "# computed with mpmath %s at 60 digits by contractual.py in this folder\n"


def log_s(g, d, c, t):
    if t == 0:
        return mp.mpf(0)
    x = mp.power(t, c)
    return mp.loggamma(d + x) + mp.loggamma(g + d) - mp.loggamma(d) - mp.loggamma(g + d + x)


def derl_sum(g, d, c, n, rate):
    z = 1 / (1 + rate)
    base = log_s(g, d, c, n - 1)
    total = mp.mpf(0)
    t = n
    while True:
        u = mp.exp(log_s(g, d, c, t) - base) * z ** (t - n + 1)
        total += u
        if u * z / (1 - z) < mp.mpf(10) ** -65 * total:
            return total
        t += 1


def sbg_derl(g, d, n, rate):
    z = 1 / (1 + rate)
    return (d + n - 1) / (g + d + n - 1) * z * mp.hyp2f1(1, d + n, g + d + n, z)


def s(v):
    return mp.nstr(v, 40, min_fixed=-mp.inf, max_fixed=mp.inf)


def main():
    with open("sbg_cases.csv", "w") as f:
        f.write(HEADER % mp.__version__)
        f.write("gamma,delta,d,n,S,r,DEL,DERL\n")
        for g, d in [("0.704", "1.182"), ("0.668", "3.806"), ("1.5", "0.3"), ("0.2", "20"), ("3", "7")]:
            for rate in ["0.1", "0.01", "0.00797414042890376"]:  # the last: 10 % a year, monthly
                for n in [1, 2, 5, 20, 100]:
                    G, D, R = mp.mpf(g), mp.mpf(d), mp.mpf(rate)
                    derl = sbg_derl(G, D, n, R)
                    dl = mp.hyp2f1(1, D, G + D, 1 / (1 + R))
                    if rate == "0.1":
                        direct = derl_sum(G, D, 1, n, R)
                        assert abs(direct / derl - 1) < mp.mpf(10) ** -50, (g, d, rate, n)
                        assert abs((1 + derl_sum(G, D, 1, 1, R)) / dl - 1) < mp.mpf(10) ** -50
                    ls = log_s(G, D, 1, n)
                    r = mp.exp(ls - log_s(G, D, 1, n - 1))
                    f.write(",".join([g, d, rate, str(n), s(mp.exp(ls)), s(r), s(dl), s(derl)]) + "\n")
    with open("bdw_cases.csv", "w") as f:
        f.write(HEADER % mp.__version__)
        f.write("gamma,delta,c,d,n,S,r,DEL,DERL\n")
        for g, d, c in [("0.4556", "0.7793", "1.2834"), ("0.2143", "1.4266", "1.7236"), ("1.2", "3", "0.6"),
                        ("0.704", "1.182", "1")]:
            for rate in ["0.1", "0.02"]:
                for n in [1, 3, 12]:
                    G, D, C, R = mp.mpf(g), mp.mpf(d), mp.mpf(c), mp.mpf(rate)
                    derl = derl_sum(G, D, C, n, R)
                    dl = 1 + derl_sum(G, D, C, 1, R)
                    ls = log_s(G, D, C, n)
                    r = mp.exp(ls - log_s(G, D, C, n - 1))
                    f.write(",".join([g, d, c, rate, str(n), s(mp.exp(ls)), s(r), s(dl), s(derl)]) + "\n")


if __name__ == "__main__":
    main()
