"""library_peers.py: eventlet's, gevent's and asyncio's side of
bench/library.sh (bench/library_shoal.cpp is libshoal's). Each tool runs
in a process of its own (eventlet and gevent each patch the interpreter
their own way), one workload a run:

    python3 library_peers.py TOOL commands N   N `true` through a pool of 100
    python3 library_peers.py TOOL threads N    N green threads, each sleep(0)
    python3 library_peers.py TOOL memory N     N blocked on one Event
    python3 library_peers.py TOOL imap N       imap of x -> 2x over range(N),
                                               pool of 100, in order

TOOL is eventlet, gevent or asyncio. Each workload is written the way that
library's own documentation shows it: eventlet's GreenPool with
eventlet.green.subprocess, gevent's Pool with gevent.subprocess, asyncio's
create_subprocess_exec under a Semaphore(100). asyncio has no imap: a
window of 100 tasks taken in order stands in for it (a pool of 100 whose
results come out in input order).

It prints the line library_shoal prints:

    wall_s cpu_s maxrss_kb count bytes_per_task

wall and own CPU (RUSAGE_SELF: not the commands' children) of the workload
alone, after the imports; peak RSS of the process; how many results came
out right; bytes per pending task (memory only, else 0).
"""
import collections
import resource
import sys
import time

POOL = 100


def usage():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def in_order(results):
    right = 0
    for i, r in enumerate(results):
        if r == 2 * i:
            right += 1
        elif right == i:
            print(f"library_peers: imap result {i} wrong or out of order", file=sys.stderr)
    return right


# ---- eventlet ----------------------------------------------------------------
def eventlet_workloads():
    import eventlet
    from eventlet.green import subprocess

    def commands(n):
        pool = eventlet.GreenPool(POOL)
        codes = [pool.spawn(lambda: subprocess.Popen(["true"]).wait()) for _ in range(n)]
        return sum(1 for gt in codes if gt.wait() == 0)

    def threads(n):
        done = [0]

        def one():
            eventlet.sleep(0)
            done[0] += 1

        pool = eventlet.GreenPool(n)
        for _ in range(n):
            pool.spawn_n(one)
        pool.waitall()
        return done[0]

    def memory(n, measure):
        event = eventlet.Event()
        woken = [0]

        def one():
            event.wait()
            woken[0] += 1

        pool = eventlet.GreenPool(n)
        for _ in range(n):
            pool.spawn_n(one)
        while len(event._waiters) < n:  # every green thread runs up to its wait
            eventlet.sleep(0)
        measure()
        event.send(True)
        pool.waitall()
        return woken[0]

    def imap(n):
        pool = eventlet.GreenPool(POOL)
        return in_order(pool.imap(lambda x: 2 * x, range(n)))

    return commands, threads, memory, imap


# ---- gevent ------------------------------------------------------------------
def gevent_workloads():
    import gevent
    import gevent.event
    import gevent.pool
    import gevent.subprocess

    def commands(n):
        pool = gevent.pool.Pool(POOL)
        jobs = [pool.spawn(lambda: gevent.subprocess.Popen(["true"]).wait()) for _ in range(n)]
        pool.join()
        return sum(1 for g in jobs if g.value == 0)

    def threads(n):
        done = [0]

        def one():
            gevent.sleep(0)
            done[0] += 1

        pool = gevent.pool.Pool(n)
        for _ in range(n):
            pool.spawn(one)
        pool.join()
        return done[0]

    def memory(n, measure):
        event = gevent.event.Event()
        woken = [0]

        def one():
            event.wait()
            woken[0] += 1

        pool = gevent.pool.Pool(n)
        for _ in range(n):
            pool.spawn(one)
        while event.linkcount() < n:  # every greenlet runs up to its wait
            gevent.sleep(0)
        measure()
        event.set()
        pool.join()
        return woken[0]

    def imap(n):
        pool = gevent.pool.Pool(POOL)
        return in_order(pool.imap(lambda x: 2 * x, range(n)))

    return commands, threads, memory, imap


# ---- asyncio -----------------------------------------------------------------
def asyncio_workloads():
    import asyncio

    def commands(n):
        async def main():
            sem = asyncio.Semaphore(POOL)

            async def one():
                async with sem:
                    proc = await asyncio.create_subprocess_exec("true")
                    return await proc.wait()

            codes = await asyncio.gather(*(one() for _ in range(n)))
            return sum(1 for c in codes if c == 0)

        return asyncio.run(main())

    def threads(n):
        async def main():
            done = [0]

            async def one():
                await asyncio.sleep(0)
                done[0] += 1

            await asyncio.gather(*(one() for _ in range(n)))
            return done[0]

        return asyncio.run(main())

    def memory(n, measure):
        async def main():
            event = asyncio.Event()
            woken = [0]

            async def one():
                await event.wait()
                woken[0] += 1

            tasks = [asyncio.create_task(one()) for _ in range(n)]
            while len(event._waiters) < n:  # every task runs up to its wait
                await asyncio.sleep(0)
            measure()
            event.set()
            await asyncio.gather(*tasks)
            return woken[0]

        return asyncio.run(main())

    def imap(n):
        async def twice(x):
            return 2 * x

        async def main():
            window = collections.deque()
            results = []
            for x in range(n):
                if len(window) == POOL:
                    results.append(await window.popleft())
                window.append(asyncio.create_task(twice(x)))
            while window:
                results.append(await window.popleft())
            return in_order(results)

        return asyncio.run(main())

    return commands, threads, memory, imap


def main():
    if len(sys.argv) != 4:
        print("usage: library_peers.py eventlet|gevent|asyncio commands|threads|memory|imap N",
              file=sys.stderr)
        return 2
    tool, what, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    make = {"eventlet": eventlet_workloads, "gevent": gevent_workloads,
            "asyncio": asyncio_workloads}.get(tool)
    if make is None:
        print(f"library_peers: unknown tool {tool}", file=sys.stderr)
        return 2
    commands, threads, memory, imap = make()
    bytes_per_task = [0.0]
    before = [0]

    def measure():
        bytes_per_task[0] = (usage()[2] - before[0]) * 1024 / n

    start = usage()
    if what == "commands":
        count = commands(n)
    elif what == "threads":
        count = threads(n)
    elif what == "memory":
        before[0] = start[2]
        count = memory(n, measure)
    elif what == "imap":
        count = imap(n)
    else:
        print(f"library_peers: unknown workload {what}", file=sys.stderr)
        return 2
    end = usage()
    print(f"{end[0] - start[0]:.4f} {end[1] - start[1]:.4f} {end[2]} {count} {bytes_per_task[0]:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
