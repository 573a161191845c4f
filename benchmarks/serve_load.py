"""Load on `doclint serve`: 50 concurrent POST /api/check of a 10,000-character draft against a
server started here on a free 127.0.0.1 port; prints p50/p95/max latency and the wall time.

    python benchmarks/serve_load.py [--requests 50] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def draft() -> bytes:
    lines = ["某某县城区市容环境管理办法（征求意见稿）"]
    n = 1
    while sum(map(len, lines)) < 10_000:
        lines.append(f"第{n}条 在城区主要街道两侧设置户外广告的，应当向县城市管理部门申请办理设置许可，"
                     f"违反规定的，由县城市管理部门责令限期改正，处以{n * 100}元罚款。")
        n += 1
    return "\n".join(lines)[:10_000].encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--concurrency", type=int, default=50)
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as up:
        proc = subprocess.Popen([sys.executable, "-m", "doclint", "serve", "--port", str(port), "--upload-dir", up],
                                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            for _ in range(150):
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            body = draft()
            httpx.post(url + "/api/check", files={"file": ("warm.txt", body)}, headers={"X-Doclint": "1"}, timeout=120)

            def one(i: int) -> float:
                t = time.perf_counter()
                r = httpx.post(url + "/api/check", files={"file": (f"稿{i}.txt", body)}, headers={"X-Doclint": "1"},
                               timeout=300)
                r.raise_for_status()
                return time.perf_counter() - t

            t0 = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
                times = sorted(pool.map(one, range(args.requests)))
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(10)
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"doclint serve /api/check：{args.requests} 个请求，并发 {args.concurrency}，每个 10000 字")
    print(f"p50 {p50 * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  max {times[-1] * 1000:.0f} ms  "
          f"总用时 {wall:.2f} s（{args.requests / wall:.1f} 请求/秒）")


if __name__ == "__main__":
    main()
