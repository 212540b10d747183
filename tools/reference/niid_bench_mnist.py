#!/usr/bin/python3
"""PyTorch twin of scenarios/reproductions/niid-bench-mnist.yaml (NIID-Bench's MNIST SimpleCNN).

Trains FedAvg on the exact data a Renkei run uses, as written by
`renkei export-partition SCENARIO --out DIR`, so a difference in accuracy is
the framework's alone: every site every round, E local epochs of minibatch
SGD with momentum (a fresh optimiser each round, as in Renkei and NIID-Bench),
the sites' models averaged with weights proportional to their training
samples, accuracy on the exported global test set after every round. Weights
start from Glorot-uniform kernels and zero biases, Renkei's initialisation.

    deno task renkei export-partition scenarios/reproductions/niid-bench-mnist.yaml --out /tmp/niid
    /usr/bin/python3 tools/reference/niid_bench_mnist.py /tmp/niid --rounds 50 --epochs 5 --seed 1

Use Debian's python3-torch (/usr/bin/python3). Prints one JSON line per round
and a last line with the final accuracy. Not part of the test suite.
"""

import argparse
import json
import os

import numpy as np
import torch
from torch import nn


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data", help="folder written by renkei export-partition")
    p.add_argument("--rounds", type=int, default=50)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    return p.parse_args()


def load(folder, part):
    """Images as NCHW float32 and labels as int64 of one exported dataset."""
    def read(entry, dtype):
        return np.fromfile(os.path.join(folder, entry["file"]), dtype=dtype).reshape(entry["shape"])
    images = read(part["image"], "<f4")  # N, H, W, C as Renkei holds them
    labels = read(part["labels"], "<i4")
    x = torch.from_numpy(np.ascontiguousarray(images.transpose(0, 3, 1, 2)))
    return x, torch.from_numpy(labels.astype(np.int64))


class SimpleCNN(nn.Module):
    """NIID-Bench's SimpleCNNMNIST: conv 6@5x5, pool, conv 16@5x5, pool, fc 120, fc 84, fc 10."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        )
        self.head = nn.Sequential(
            nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
        )
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.head(self.features(x))


def train_local(model, x, y, args, generator):
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for _ in range(args.epochs):
        order = torch.randperm(len(y), generator=generator)
        for start in range(0, len(y), args.batch):
            idx = order[start:start + args.batch]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    with open(os.path.join(args.data, "partition.json")) as f:
        manifest = json.load(f)
    sites = [load(args.data, s["train"]) for s in manifest["sites"]]
    test_x, test_y = load(args.data, manifest["globalTest"])
    weights = np.array([len(y) for _, y in sites], dtype=np.float64)
    weights /= weights.sum()
    global_model = SimpleCNN()
    acc = accuracy(global_model, test_x, test_y)
    for rnd in range(1, args.rounds + 1):
        states = []
        for x, y in sites:
            local = SimpleCNN()
            local.load_state_dict(global_model.state_dict())
            train_local(local, x, y, args, generator)
            states.append(local.state_dict())
        averaged = {
            k: sum(w * s[k].double() for w, s in zip(weights, states)).float() for k in states[0]
        }
        global_model.load_state_dict(averaged)
        acc = accuracy(global_model, test_x, test_y)
        print(json.dumps({"round": rnd, "accuracy": round(acc, 4)}))
    print(json.dumps({"final_accuracy": round(acc, 4), "seed": args.seed, "sites": len(sites)}))


if __name__ == "__main__":
    main()
