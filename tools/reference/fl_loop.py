#!/usr/bin/python3
"""PyTorch twin of one FedAvg round, the loop `renkei bench round` is compared with (issue 21).

The same `reference` model as Renkei's preset (the architecture is imported
from tools/pytorch_reference.py, not copied), `--sites` sites of `--samples`
pre-generated samples each; one round = every site copies the global
weights, trains `--epochs` local epochs at batch `--batch` with plain SGD,
and the server averages the updates weighted by samples (FedAvg), as a
Flower simulation client's `fit` does. Round 1 is warm-up; the figure is
site-samples trained per wall second over rounds 2 ... `--rounds`.

Three ways to run the loop, each in a fresh process (thread settings are
read once): `threads1` (one intra-op thread), `threads2` (two), `procs2`
(two processes of one thread each, each training half of the sites, the
parent averaging). `--config all` runs the three one after another and
reports the best. One JSON line per configuration, then one for the best.

    /usr/bin/python3 tools/reference/fl_loop.py            # all three, best of them
    /usr/bin/python3 tools/reference/fl_loop.py --config procs2

Use Debian's python3-torch (/usr/bin/python3: apt-get install -y python3-torch).
"""

import argparse
import json
import os
import subprocess
import sys
import time

CONFIGS = {"threads1": (1, 1), "threads2": (2, 1), "procs2": (1, 2)}  # (threads, processes)
HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", default="all", choices=["all", *CONFIGS])
    p.add_argument("--sites", type=int, default=300)
    p.add_argument("--samples", type=int, default=200, help="training samples per site")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3, help="rounds run; the first is warm-up")
    p.add_argument("--lr", type=float, default=0.01)
    args = p.parse_args(argv)
    for name in ("sites", "samples", "epochs", "batch"):
        if getattr(args, name) < 1:
            p.error(f"expected --{name} to be an integer >= 1 but found {getattr(args, name)}")
    if args.rounds < 2:
        p.error(f"expected --rounds to be an integer >= 2 (round 1 is warm-up) but found {args.rounds}")
    return args


def load_reference(threads: int):
    """Imports tools/pytorch_reference.py for its model; it reads --threads from argv
    at import and fixes the OpenBLAS and torch thread counts before torch loads."""
    saved = sys.argv
    sys.argv = [saved[0], "--threads", str(threads)]
    sys.path.insert(0, os.path.dirname(HERE))
    try:
        import pytorch_reference  # noqa: PLC0415
    finally:
        sys.argv = saved
    return pytorch_reference


class Shard:
    """Some sites' pre-generated samples (seeded per site) and one model to train them with."""

    def __init__(self, ref, sites, args):
        import torch  # noqa: PLC0415

        self.torch, self.args, self.sites = torch, args, list(sites)
        self.model = ref.Reference(1)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.data = {}
        n = args.samples
        for site in self.sites:
            g = torch.Generator().manual_seed(1000 + site)
            self.data[site] = (
                torch.rand(n, 3, 32, 32, generator=g) * 2 - 1,  # NCHW, PyTorch's layout
                torch.rand(n, 6, 64, generator=g) * 2 - 1,  # NCL
                torch.rand(n, 16, generator=g) * 2 - 1,
                torch.randint(0, ref.CLASSES, (n,), generator=g),
            )

    def train_site(self, site, global_vec, round_no):
        """One client's fit: copy the global weights, local epochs of SGD; returns its weights."""
        torch, args = self.torch, self.args
        torch.nn.utils.vector_to_parameters(global_vec, self.model.parameters())
        opt = torch.optim.SGD(self.model.parameters(), lr=args.lr)
        image, series, tabular, labels = self.data[site]
        g = torch.Generator().manual_seed(round_no * 100_003 + site)
        for _ in range(args.epochs):
            order = torch.randperm(args.samples, generator=g)
            for start in range(0, args.samples, args.batch):
                idx = order[start:start + args.batch]
                opt.zero_grad(set_to_none=True)
                loss = self.loss_fn(self.model(image[idx], series[idx], tabular[idx]), labels[idx])
                loss.backward()
                opt.step()
                loss.item()  # as Renkei reads each step's loss (its task reports the mean)
        return torch.nn.utils.parameters_to_vector(self.model.parameters()).detach()

    def weighted_sum(self, global_vec, round_no):
        """Σ n_k w_k over this shard's sites, and Σ n_k (the server divides)."""
        total = self.torch.zeros_like(global_vec)
        for site in self.sites:
            total += self.args.samples * self.train_site(site, global_vec, round_no)
        return total, self.args.samples * len(self.sites)


def shard_worker(rank, processes, args, conn):
    """A pool process: its sites are rank, rank + processes, …; one round per message."""
    ref = load_reference(1)
    shard = Shard(ref, range(rank, args.sites, processes), args)
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            return
        round_no, global_vec = msg
        conn.send(shard.weighted_sum(global_vec, round_no))


def run_config(name, args):
    threads, processes = CONFIGS[name]
    ref = load_reference(threads)
    torch = ref.torch
    global_vec = torch.nn.utils.parameters_to_vector(ref.Reference(1).parameters()).detach()
    if processes == 1:
        shard = Shard(ref, range(args.sites), args)
        round_fn = lambda r, g: [shard.weighted_sum(g, r)]  # noqa: E731
        stop = lambda: None  # noqa: E731
    else:
        import multiprocessing as mp  # noqa: PLC0415

        ctx = mp.get_context("spawn")  # no fork after torch has started threads
        pipes, procs = [], []
        for rank in range(processes):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=shard_worker, args=(rank, processes, args, child))
            proc.start()
            pipes.append(parent)
            procs.append(proc)
        for p in pipes:
            assert p.recv() == "ready"

        def round_fn(r, g):
            for p in pipes:
                p.send((r, g))
            return [p.recv() for p in pipes]

        def stop():
            for p in pipes:
                p.send(None)
            for proc in procs:
                proc.join()

    times = []
    try:
        for r in range(1, args.rounds + 1):
            t = time.perf_counter()
            parts = round_fn(r, global_vec)
            total = sum(p[0] for p in parts)
            count = sum(p[1] for p in parts)
            global_vec = total / count  # FedAvg: the sample-weighted mean
            times.append(time.perf_counter() - t)
    finally:
        stop()
    per_round = args.sites * args.samples * args.epochs
    marginal = sum(times[1:])
    return {
        "what": "fl_round",
        "framework": f"torch {torch.__version__}",
        "config": name,
        "threads": threads,
        "processes": processes,
        "sites": args.sites,
        "samples": args.samples,
        "epochs": args.epochs,
        "batch": args.batch,
        "rounds": args.rounds,
        "measured_rounds": args.rounds - 1,
        "site_samples_per_s": round(per_round * (args.rounds - 1) / marginal, 1),
        "round_seconds": [round(t, 3) for t in times[1:]],
        "first_round_seconds": round(times[0], 3),
        "finite": bool(torch.isfinite(global_vec).all()),
        "load_1m": round(os.getloadavg()[0], 2),
    }


def main():
    args = parse_args()
    if args.config != "all":
        print(json.dumps(run_config(args.config, args)), flush=True)
        return
    # Each configuration in a fresh interpreter: OpenBLAS reads its thread count once.
    rest = [f"--{k}={v}" for k, v in vars(args).items() if k != "config"]
    results = []
    for name in CONFIGS:
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--config", name, *rest],
            check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        print(out, flush=True)
        results.append(json.loads(out))
    best = max(results, key=lambda r: r["site_samples_per_s"])
    print(json.dumps({
        "what": "fl_round_best",
        "config": best["config"],
        "site_samples_per_s": best["site_samples_per_s"],
        "all": {r["config"]: r["site_samples_per_s"] for r in results},
    }), flush=True)


if __name__ == "__main__":
    main()
