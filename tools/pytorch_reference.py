#!/usr/bin/python3
"""PyTorch twin of Renkei's `reference` model, for a same-machine comparison.

Same architecture as `renkei bench train --preset reference` (issue #10):
image 32x32x3, series 64x6, tabular 16, 10 classes; plain SGD, batch 32;
width 1 and the 4x wide variant. Prints one JSON line per measurement:
training samples/s (best and median of several repeats) and the 1024x1024
matrix-multiply GFLOP/s of numpy and torch, as the machine's practical peak.

    /usr/bin/python3 tools/pytorch_reference.py --threads 2
    /usr/bin/python3 tools/pytorch_reference.py --threads 1

Use Debian's python3-torch (/usr/bin/python3), not a pyenv python. The
OpenBLAS thread count is fixed from --threads before numpy loads, because
OpenBLAS reads it only once. OPENBLAS_CORETYPE is left as the environment
sets it and reported, so the comparison is with what the machine really runs.
"""

import argparse
import json
import os
import statistics
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2, help="intra-op threads (torch and OpenBLAS)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--widths", default="1,4", help="comma-separated width multipliers")
    p.add_argument("--steps", type=int, default=40, help="timed steps per repeat at width 1")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--no-matmul", action="store_true", help="skip the matmul peak measurement")
    return p.parse_args()


ARGS = parse_args()
# Must happen before numpy/torch load OpenBLAS.
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.manual_seed(1)

CLASSES = 10


class Reference(nn.Module):
    """The reference model; every width x `width`, as Renkei's `reference` preset."""

    def __init__(self, width: int):
        super().__init__()
        w = lambda n: n * width  # noqa: E731
        self.image = nn.Sequential(
            nn.Conv2d(3, w(16), 3, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(w(16), w(32), 3, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.series = nn.Sequential(
            nn.Conv1d(6, w(32), 5), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(w(32), w(32), 5), nn.ReLU(),
            nn.AdaptiveAvgPool1d(1), nn.Flatten(),
        )
        self.tabular = nn.Sequential(nn.Linear(16, w(32)), nn.ReLU())
        self.head = nn.Sequential(
            nn.Linear(w(32) * 3, w(64)), nn.ReLU(), nn.Linear(w(64), CLASSES),
        )

    def forward(self, image, series, tabular):
        fused = torch.cat([self.image(image), self.series(series), self.tabular(tabular)], dim=1)
        return self.head(fused)  # logits; the loss applies softmax


def load_1m():
    return round(os.getloadavg()[0], 2)


def train_throughput(width: int) -> dict:
    model = Reference(width)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(1)
    n = ARGS.batch * 8
    # PyTorch's native layouts: NCHW images, NCL series.
    image = torch.rand(n, 3, 32, 32, generator=g) * 2 - 1
    series = torch.rand(n, 6, 64, generator=g) * 2 - 1
    tabular = torch.rand(n, 16, generator=g) * 2 - 1
    labels = torch.randint(0, CLASSES, (n,), generator=g)
    batches = n // ARGS.batch

    def step(i: int) -> None:
        s = slice((i % batches) * ARGS.batch, (i % batches + 1) * ARGS.batch)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(image[s], series[s], tabular[s]), labels[s])
        loss.backward()
        opt.step()
        loss.item()  # as Renkei reads each step's loss

    steps = max(10, ARGS.steps // width)
    for i in range(ARGS.warmup):
        step(i)
    rates = []
    for _ in range(ARGS.repeats):
        t = time.perf_counter()
        for i in range(steps):
            step(i)
        rates.append(steps * ARGS.batch / (time.perf_counter() - t))
    return {
        "what": "train",
        "framework": f"torch {torch.__version__}",
        "width": width,
        "threads": ARGS.threads,
        "batch": ARGS.batch,
        "steps": steps,
        "repeats": ARGS.repeats,
        "params": sum(p.numel() for p in model.parameters()),
        "samples_per_s_best": round(max(rates), 1),
        "samples_per_s_median": round(statistics.median(rates), 1),
        "load_1m": load_1m(),
    }


def matmul_gflops(name: str, fn, size: int = 1024, reps: int = 10) -> dict:
    fn()
    times = []
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        times.append((time.perf_counter() - t) / reps)
    flops = 2 * size**3
    return {
        "what": "matmul",
        "library": name,
        "size": size,
        "threads": ARGS.threads,
        "gflops_best": round(flops / min(times) / 1e9, 1),
        "gflops_median": round(flops / statistics.median(times) / 1e9, 1),
        "load_1m": load_1m(),
    }


def main() -> None:
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(json.dumps({
        "what": "machine",
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "numpy": np.__version__,
        "OPENBLAS_CORETYPE": coretype,
        "cpus": os.cpu_count(),
        "load_1m": load_1m(),
    }), flush=True)
    if not ARGS.no_matmul:
        a = np.random.default_rng(1).standard_normal((1024, 1024), dtype=np.float32)
        b = np.random.default_rng(2).standard_normal((1024, 1024), dtype=np.float32)
        print(json.dumps(matmul_gflops("numpy", lambda: a @ b)), flush=True)
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        print(json.dumps(matmul_gflops("torch", lambda: ta @ tb)), flush=True)
    for width in (int(w) for w in ARGS.widths.split(",")):
        print(json.dumps(train_throughput(width)), flush=True)


if __name__ == "__main__":
    main()
