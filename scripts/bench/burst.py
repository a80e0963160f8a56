"""A burst of simultaneous applicants: opens N connections at once, waits until
every one is open, then sends one eligible application on each at the same
moment and reads every answer. Prints one line:
"N sent, N 201, N other, p50 MS, p99 MS, max MS, all answered in MS".

Usage: python3 burst.py HOST PORT COHORT_ID N [FIRST_NUMBER]
COHORT_ID "-" sends GET /health instead: what N connections cost by themselves.
"""
import asyncio
import json
import sys
import time

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECKS = "10X98765432"


def applicant(n):
    first17 = "330602%04d%02d%02d%03d" % (1960 + n // 336000 % 40, 1 + n // 28000 % 12, 1 + n // 1000 % 28, n % 1000)
    check = CHECKS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]
    return json.dumps({
        "full_name": "李焊工", "national_id": first17 + check, "phone": "137%08d" % (n % 100000000),
        "email": "burst%d@example.com" % n, "employer": "绍兴钢构有限公司", "trade": "welder",
        "started_trade_on": "2015-03-01", "certificate": {"trade": "welder", "level": 4},
        "processes": ["SMAW"], "locale": "zh", "consent": True,
    }, ensure_ascii=False).encode()


async def one(host, port, path, body, go, opened, results):
    reader, writer = await asyncio.open_connection(host, port)
    opened.append(1)
    if body is None:
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    else:
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode() + body
    await go.wait()
    started = time.perf_counter()
    writer.write(request)
    await writer.drain()
    head = await reader.readline()
    await reader.read()  # the rest, until the server closes
    results.append((time.perf_counter() - started, head.split(b" ")[1:2]))
    writer.close()


async def main():
    host, port, cohort, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    first = int(sys.argv[5]) if len(sys.argv) > 5 else 7_000_000
    health = cohort == "-"
    path = "/health" if health else f"/api/v1/cohorts/{cohort}/applications"
    go = asyncio.Event()
    results, opened = [], []
    tasks = [asyncio.create_task(one(host, port, path, None if health else applicant(first + k), go, opened, results)) for k in range(n)]
    # Every connection is open before anyone sends (or 30 s have passed).
    deadline = time.perf_counter() + 30
    while len(opened) < n and time.perf_counter() < deadline and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    t0 = time.perf_counter()
    go.set()
    done = await asyncio.gather(*tasks, return_exceptions=True)
    total = time.perf_counter() - t0
    failed = sum(1 for d in done if isinstance(d, Exception))
    times = sorted(r[0] for r in results)
    ok = b"200" if health else b"201"
    created = sum(1 for r in results if r[1] == [ok])
    pct = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000 if times else float("nan")
    print(f"{n} sent, {created} {ok.decode()}, {len(results) - created + failed} other, "
          f"p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {pct(1.0):.1f} ms, all answered in {total * 1000:.0f} ms")


asyncio.run(main())
