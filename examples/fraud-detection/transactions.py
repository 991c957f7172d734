"""Writes one month of synthetic card transactions, labelled, for the closed-loop demo (`bin/demo`).

Columns: amount, hour, distance_km, merchant_risk, account_age_days, tx_last_24h (features) and is_fraud (label).

- Month 1 is the reference: fraud is large purchases at night far from home.
- Month 2 has drifted: prices rose (amount), customers travel more (distance_km) and card-testing bots make many
  small purchases (tx_last_24h); the fraud pattern changed with them to small amounts on new accounts with many
  transactions in a day, so a model trained on month 1 ranks month 2's fraud poorly.

The fraud rate is held at --fraud-rate in both months (the intercept is solved for it), so only the pattern changes.
With --smoke FILE it also writes smoke-test requests for the model server: five requests of five rows each (features
only, MLflow's dataframe_split format), each sent four times.
Usage: transactions.py --month 1|2 [--rows N] [--seed S] [--smoke smoke.json] OUT.csv
"""
import argparse
import json

import numpy as np
import pandas as pd

FEATURES = ["amount", "hour", "distance_km", "merchant_risk", "account_age_days", "tx_last_24h"]
LABEL = "is_fraud"


def features(month, n, rng):
    shifted = month == 2
    return pd.DataFrame({
        "amount": np.round(rng.lognormal(3.9 if shifted else 3.5, 1.0, n), 2),
        "hour": rng.integers(0, 24, n),
        "distance_km": np.round(rng.exponential(16.0 if shifted else 8.0, n), 1),
        "merchant_risk": np.round(rng.beta(2, 8, n), 4),
        "account_age_days": np.round(rng.gamma(2.0, 300.0, n)).astype(int),
        "tx_last_24h": rng.poisson(3.2 if shifted else 2.0, n),
    })


def fraud_score(month, x):
    """The log-odds of fraud without the intercept: what a model has to learn, different in each month."""
    log_amount = np.log(x["amount"])
    if month == 1:
        night = ((x["hour"] < 6) | (x["hour"] >= 23)).astype(float)
        return 1.6 * (log_amount - 3.5) + 2.5 * night + 0.12 * x["distance_km"] + 4.0 * x["merchant_risk"]
    new_account = (x["account_age_days"] < 90).astype(float)
    return 0.9 * x["tx_last_24h"] - 1.2 * (log_amount - 3.9) + 2.2 * new_account + 4.0 * x["merchant_risk"]


def intercept_for(score, rate):
    """Bisection for the intercept that makes the mean fraud probability equal to rate."""
    low, high = -60.0, 20.0
    for _ in range(80):
        mid = (low + high) / 2
        if (1 / (1 + np.exp(-(score + mid)))).mean() > rate:
            high = mid
        else:
            low = mid
    return (low + high) / 2


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--month", type=int, choices=[1, 2], required=True)
    p.add_argument("--rows", type=int, default=20000)
    p.add_argument("--fraud-rate", type=float, default=0.03)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--smoke", metavar="FILE", help="also write smoke-test requests built from the first rows")
    p.add_argument("out")
    args = p.parse_args()

    rng = np.random.default_rng(args.seed * 10 + args.month)
    x = features(args.month, args.rows, rng)
    score = fraud_score(args.month, x)
    probability = 1 / (1 + np.exp(-(score + intercept_for(score, args.fraud_rate))))
    x[LABEL] = (rng.random(args.rows) < probability).astype(int)
    x.to_csv(args.out, index=False)
    if args.smoke:
        # to_json keeps each column's type (hour stays an integer), which the model's signature checks.
        requests = [{"dataframe_split": json.loads(x[FEATURES].iloc[i:i + 5].to_json(orient="split", index=False))}
                    for i in range(0, 25, 5)]
        with open(args.smoke, "w") as f:
            json.dump({"requests": requests, "repeat": 4}, f)
    print(f"month {args.month}: {args.rows} transactions, {x[LABEL].mean():.1%} fraud -> {args.out}")


if __name__ == "__main__":
    main()
